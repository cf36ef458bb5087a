import { z } from 'zod';
import { PAGERDUTY_SEVERITIES, type PagerDutyEvent } from './pagerduty-event-check';

/** One incident as PagerDuty keeps it for a service (routing key) and dedup key; `GET /api/incidents`. */
export const pagerdutyIncidentSchema = z.object({
  routingKey: z.string(),
  dedupKey: z.string(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']),
  /** Triggers folded into this incident, the first included. */
  triggerCount: z.int().min(1),
  /** Of the trigger that opened it. */
  summary: z.string(),
  source: z.string(),
  severity: z.enum(PAGERDUTY_SEVERITIES),
  openedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().optional(),
});

export type PagerDutyIncident = z.infer<typeof pagerdutyIncidentSchema>;

/**
 * Incidents by (routing key, dedup key), as PagerDuty folds events: a trigger while one is open (triggered
 * or acknowledged) adds to it, a trigger after it resolved opens a new one; acknowledge and resolve act on
 * the open one and are accepted (and ignored) when there is none.
 */
export class PagerDutyIncidentBook {
  private readonly incidents: PagerDutyIncident[] = [];

  apply(event: PagerDutyEvent, dedupKey: string, at: Date): void {
    const now = at.toISOString();
    const open = this.incidents.find(
      (i) => i.routingKey === event.routingKey && i.dedupKey === dedupKey && i.status !== 'resolved',
    );
    if (event.eventAction === 'trigger') {
      if (open !== undefined) {
        open.triggerCount += 1;
        open.updatedAt = now;
        return;
      }
      this.incidents.push({
        routingKey: event.routingKey,
        dedupKey,
        status: 'triggered',
        triggerCount: 1,
        summary: event.summary ?? '',
        source: event.source ?? '',
        severity: event.severity ?? 'critical',
        openedAt: now,
        updatedAt: now,
      });
      return;
    }
    if (open === undefined) return;
    open.status = event.eventAction === 'resolve' ? 'resolved' : 'acknowledged';
    open.updatedAt = now;
    if (event.eventAction === 'resolve') open.resolvedAt = now;
  }

  /** Oldest first. */
  list(): PagerDutyIncident[] {
    return this.incidents.map((incident) => ({ ...incident }));
  }

  clear(): void {
    this.incidents.length = 0;
  }
}
