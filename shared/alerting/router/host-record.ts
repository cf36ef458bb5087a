import { z } from 'zod';
import type { WebhookHost } from '../../mackerel/webhook/webhook-host-schema';

/**
 * orgs/{org}/hosts/{hostId}: the org's hosts as host events told the router. Host events carry no
 * timestamp, so the order is intake's receive time (lastEventAt), which never goes back.
 */
export const HOST_EVENT_TYPES = ['hostStatus', 'hostRegister', 'hostRetire'] as const;
export type HostEventType = (typeof HOST_EVENT_TYPES)[number];

const isoTime = z.iso.datetime({ offset: true });

export const hostRecordSchema = z.object({
  version: z.literal(1),
  org: z.string().min(1),
  hostId: z.string().min(1),
  name: z.string(),
  /** working | standby | maintenance | poweroff, or whatever Mackerel adds. */
  status: z.string(),
  /** `service:role`, as routes write roles. */
  roles: z.array(z.string()),
  /** Sticky: Mackerel never brings a retired host id back. */
  retired: z.boolean(),
  retiredAt: isoTime.nullable(),
  registeredAt: isoTime.nullable(),
  lastEvent: z.enum(HOST_EVENT_TYPES),
  /** Receive time of the latest applied host event. */
  lastEventAt: isoTime,
  lastDedupKey: z.string().min(1),
  updatedAt: isoTime,
});

export type HostRecord = z.infer<typeof hostRecordSchema>;

export interface HostEventInput {
  org: string;
  type: HostEventType;
  host: WebhookHost;
  receivedAt: string;
  dedupKey: string;
}

export type HostDecision =
  | { action: 'write'; record: HostRecord }
  /** An older event than the record's, or the same one again: recorded in the log only. */
  | { action: 'skip'; reason: 'older' | 'same event' };

/** Pure: the inventory record after a host event, monotonic in receive time. */
export function decideHostUpdate(
  current: HostRecord | undefined,
  event: HostEventInput,
  now: Date,
): HostDecision {
  if (current !== undefined) {
    if (current.lastDedupKey === event.dedupKey && current.lastEventAt === event.receivedAt) {
      return { action: 'skip', reason: 'same event' };
    }
    if (Date.parse(event.receivedAt) < Date.parse(current.lastEventAt))
      return { action: 'skip', reason: 'older' };
  }
  const retiring = event.type === 'hostRetire';
  return {
    action: 'write',
    record: {
      version: 1,
      org: event.org,
      hostId: event.host.id,
      name: event.host.name,
      status: event.host.status,
      roles: [...new Set(event.host.roles.map((role) => `${role.serviceName}:${role.roleName}`))],
      retired: (current?.retired ?? false) || retiring,
      retiredAt: current?.retiredAt ?? (retiring ? event.receivedAt : null),
      registeredAt: current?.registeredAt ?? (event.type === 'hostRegister' ? event.receivedAt : null),
      lastEvent: event.type,
      lastEventAt: event.receivedAt,
      lastDedupKey: event.dedupKey,
      updatedAt: now.toISOString(),
    },
  };
}
