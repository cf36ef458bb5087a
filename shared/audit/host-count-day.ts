import { z } from 'zod';
import { jstDateOf, jstDateSchema } from '../kernel/time/jst-calendar';
import { toEpochSeconds } from './findings/finding';

/** orgs/{org}/hostCounts/{JST date}: billable hosts per org per day, for trends (peak is what billing feels). */
export const hostCountDaySchema = z.object({
  org: z.string().min(1),
  date: jstDateSchema,
  /** The latest round's count. */
  billable: z.number().int().nonnegative(),
  peak: z.number().int().nonnegative(),
  low: z.number().int().nonnegative(),
  rounds: z.number().int().positive(),
  updatedAt: z.number().int().nonnegative(),
});
export type HostCountDay = z.infer<typeof hostCountDaySchema>;

/** Folds one round's count into the day's record; a record of another day (yesterday's) is not continued. */
export function nextHostCountDay(
  previous: HostCountDay | null,
  org: string,
  billable: number,
  now: Date,
): HostCountDay {
  const date = jstDateOf(now);
  const updatedAt = toEpochSeconds(now);
  if (previous === null || previous.date !== date || previous.org !== org) {
    return { org, date, billable, peak: billable, low: billable, rounds: 1, updatedAt };
  }
  return {
    org,
    date,
    billable,
    peak: Math.max(previous.peak, billable),
    low: Math.min(previous.low, billable),
    rounds: previous.rounds + 1,
    updatedAt,
  };
}
