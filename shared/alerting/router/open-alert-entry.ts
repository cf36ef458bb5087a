import type { z } from 'zod';
import { type AlertState, alertStateSchema } from './alert-state';

/**
 * openAlerts/{org}__{kind}__{id}: an open alert as the console's Now lists it, written in the same batch
 * as the alert state and deleted in the batch that closes it, so one query finds the newest open alerts
 * of every org. Without the delivery bookkeeping (outbox, notified routes), which only the router reads.
 */
export const openAlertEntrySchema = alertStateSchema.omit({ outbox: true, notifiedRoutes: true });
export type OpenAlertEntry = z.infer<typeof openAlertEntrySchema>;

export function openAlertEntryOf(state: AlertState): OpenAlertEntry {
  const { outbox: _outbox, notifiedRoutes: _routes, ...entry } = state;
  return entry;
}
