import type { AlertStatus } from '../../mackerel/alert-status';
import { severityAtLeast } from '../../routing/severity';

/** Where an alert stands: what one event reports, or what the stored state says. */
export interface AlertPosition {
  status: AlertStatus;
  isOpen: boolean;
  /** Epoch seconds of the change reported (describeEvent(...).eventTimeSeconds). */
  eventTimeSeconds: number;
}

/**
 * - `opened`: first sight of an open alert, or an open event newer than a close (a reopen).
 * - `escalated`: still open, newer (or as new) and more severe: notify again.
 * - `changed`: still open, newer and less severe (critical -> warning): notify again.
 * - `recovered`: closed by an event at least as new as the state (or first seen closed).
 * - `stale`: older than the state (or loses the tie at equal time): recorded, never applied.
 * - `duplicate`: the same status and openness again, as new or newer: nothing changes but the time;
 *   for an open alert this is where a repeat may be due.
 */
export const ALERT_TRANSITIONS = [
  'opened',
  'escalated',
  'changed',
  'recovered',
  'stale',
  'duplicate',
] as const;
export type AlertTransition = (typeof ALERT_TRANSITIONS)[number];

/**
 * The routing severity order (ok < warning < unknown < critical, shared/routing/severity.ts), derived
 * from severityAtLeast so the two can never disagree.
 */
export function severityRank(status: AlertStatus): number {
  return (['warning', 'unknown', 'critical'] as const).filter((min) => severityAtLeast(status, min)).length;
}

/**
 * The order events of one alert are applied in, as a total order: event time first; at equal time a
 * closed event beats an open one (a close is final, and Mackerel stamps a close with the time of the
 * last change when statusChangedAt is missing); at equal time between two open events the more severe
 * wins (alerts without statusChangedAt, and alert groups, keep one time for all their open statuses, so
 * their arrival order says nothing). Because the order is total and the state is its maximum, any
 * arrival order of the same events ends in the same state.
 */
function compare(a: AlertPosition, b: AlertPosition): number {
  if (a.eventTimeSeconds !== b.eventTimeSeconds) return a.eventTimeSeconds < b.eventTimeSeconds ? -1 : 1;
  if (a.isOpen !== b.isOpen) return a.isOpen ? -1 : 1;
  if (!a.isOpen) return 0; // both closed: the same end, whatever status text it carries
  return Math.sign(severityRank(a.status) - severityRank(b.status));
}

/** Pure: what an event means for an alert whose state is `current` (undefined: never seen). */
export function decideAlertTransition(
  current: AlertPosition | undefined,
  event: AlertPosition,
): AlertTransition {
  if (current === undefined) return event.isOpen ? 'opened' : 'recovered';
  const order = compare(event, current);
  if (order < 0) return 'stale';
  if (!event.isOpen) return current.isOpen ? 'recovered' : 'duplicate';
  if (!current.isOpen) return 'opened'; // strictly newer than the close (equal time loses above)
  const delta = severityRank(event.status) - severityRank(current.status);
  if (delta > 0) return 'escalated';
  if (delta < 0) return 'changed'; // only reachable when strictly newer: equal time, less severe is stale
  return 'duplicate';
}
