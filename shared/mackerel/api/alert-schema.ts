import { z } from 'zod';
import { normaliseAlertStatus } from '../alert-status';
import { optionalField } from './optional-field';

/**
 * An alert as Mackerel sends it: status upper case (`CRITICAL`), times in epoch seconds, `closedAt` and
 * `reason` only once closed, `hostId` only for host-bound monitor types. The stand-in stores this form.
 */
export const apiAlertWireSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  monitorId: z.string(),
  type: z.string(),
  hostId: optionalField(z.string()),
  value: optionalField(z.number()),
  message: optionalField(z.string()),
  reason: optionalField(z.string()),
  openedAt: z.number(),
  closedAt: optionalField(z.number()),
});

/** What the client hands on: the status normalised once to the webhook's lower case. */
export const apiAlertSchema = apiAlertWireSchema.extend({
  status: z.string().transform(normaliseAlertStatus),
});

export type ApiAlertWire = z.infer<typeof apiAlertWireSchema>;
export type ApiAlert = z.infer<typeof apiAlertSchema>;

/** One page of `GET /api/v0/alerts`, newest first; `nextId` only while older alerts remain. */
export const alertsPageSchema = z.looseObject({
  alerts: z.array(apiAlertSchema),
  nextId: optionalField(z.string().min(1)),
});

export type AlertsPage = z.infer<typeof alertsPageSchema>;

/** The API's cap on `limit`. */
export const MAX_ALERTS_PER_PAGE = 100;
