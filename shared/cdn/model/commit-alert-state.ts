import { z } from 'zod';
import { jstMonthSchema } from '../../kernel/time/jst-calendar';

/**
 * early-warning: forecast P90 >= commit; overage-likely: forecast P50 >= commit; overage-started: actual
 * >= commit; overage-yen: projected overage (at P50) >= a configured yen band.
 */
export const COMMIT_ALERT_KINDS = [
  'early-warning',
  'overage-likely',
  'overage-started',
  'overage-yen',
] as const;
export const commitAlertKindSchema = z.enum(COMMIT_ALERT_KINDS);
export type CommitAlertKind = z.infer<typeof commitAlertKindSchema>;

const isoTime = z.iso.datetime({ offset: true });

/** What an alert is about: one state per (contract, JST month, kind, band). */
export const commitAlertSubjectSchema = z.object({
  contractId: z.string().min(1),
  month: jstMonthSchema,
  kind: commitAlertKindSchema,
  /** Yen for overage-yen, 0 for the other kinds. */
  band: z.number().nonnegative(),
});
export type CommitAlertSubject = z.infer<typeof commitAlertSubjectSchema>;

/** The stored state of one alert (plain JSON, times as ISO text, absent facts as null). */
export const commitAlertStateSchema = commitAlertSubjectSchema.extend({
  status: z.enum(['clear', 'active']),
  /** Consecutive runs that pointed the other way than status (toward firing, or toward clearing). */
  pendingRuns: z.number().int().nonnegative(),
  /** Data time of the newest evaluation applied; older ones are ignored. */
  lastRunAt: isoTime,
  firedAt: isoTime.nullable(),
  clearedAt: isoTime.nullable(),
});
export type CommitAlertState = z.infer<typeof commitAlertStateSchema>;

/** Stable key of a subject, for document ids and lookups. */
export function commitAlertKey(subject: CommitAlertSubject): string {
  return `${subject.contractId}|${subject.month}|${subject.kind}|${subject.band}`;
}
