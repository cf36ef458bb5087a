import { z } from 'zod';
import { orgNameSchema } from '../kernel/org-name';

const isoTime = z.iso.datetime({ offset: true });

/** Longest look-back a person may ask for: a week of alerts is a few pages for most orgs. */
export const MAX_WINDOW_MINUTES = 7 * 24 * 60;

/**
 * What arrives on `reconcile-requests`: the 15-minute schedule (fans out one `org` message per enabled
 * org, so each org is retried and timed out on its own), one org's share, or a person asking for one org
 * now, perhaps over a longer window. `runAt` is the observation time everything is decided at; left out,
 * it is the message's publish time, which a redelivery keeps, so a redelivered run decides the same
 * events with the same dedup keys.
 */
export const reconcileRequestSchema = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('schedule') }),
  z.object({ reason: z.literal('org'), org: orgNameSchema, runAt: isoTime.optional() }),
  z.object({
    reason: z.literal('on-demand'),
    org: orgNameSchema,
    windowMinutes: z.int().min(1).max(MAX_WINDOW_MINUTES).optional(),
  }),
]);

export type ReconcileRequest = z.infer<typeof reconcileRequestSchema>;
export type OneOrgReconcileRequest = Exclude<ReconcileRequest, { reason: 'schedule' }>;
