import { z } from 'zod';
import { ALERT_STATUSES } from '../mackerel/alert-status';
import { MISSED_KINDS } from './missed-change';

/**
 * One missed webhook, found by reconciliation: missedWebhooks/{org}__{changeId}, written once (a change
 * found again keeps its first record). `date` is the JST day it was found on, for counts per org per day.
 */
export const missedWebhookRecordSchema = z.object({
  org: z.string().min(1),
  changeId: z.string().min(1),
  alertId: z.string().min(1),
  kind: z.enum(MISSED_KINDS),
  status: z.enum(ALERT_STATUSES),
  isOpen: z.boolean(),
  /** The reconciled event's time (epoch seconds). */
  eventTimeSeconds: z.number(),
  /** The reconciled event's dedup key (mackerel-events, the router's history). */
  dedupKey: z.string().min(1),
  /** ISO, UTC, always the same format so that text order is time order. */
  detectedAt: z.iso.datetime(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

export type MissedWebhookRecord = z.infer<typeof missedWebhookRecordSchema>;
