import { z } from 'zod';
import { ALERT_STATUSES } from '../../mackerel/alert-status';
import { ALERT_TRANSITIONS } from './alert-transition';

/** .../alerts/{id}/events/{dedupKey}: one event as it reached the alert, applied or stale and only recorded. */
export const alertEventRecordSchema = z.object({
  dedupKey: z.string().min(1),
  status: z.enum(ALERT_STATUSES),
  isOpen: z.boolean(),
  eventTimeSeconds: z.number(),
  transition: z.enum(ALERT_TRANSITIONS),
  source: z.enum(['webhook', 'reconcile']),
  receivedAt: z.string(),
  processedAt: z.string(),
  correlationId: z.string(),
  /** Ids of the notifications this event caused. */
  notificationIds: z.array(z.string()),
  /** Why no mail, when the event was muted. */
  suppressedBy: z.string().nullable(),
});

export type AlertEventRecord = z.infer<typeof alertEventRecordSchema>;
