import { DAY_MS, HOUR_MS, jstMonthBounds } from '../../kernel/time/jst-calendar';
import { HISTORY_DAYS } from '../forecast/forecast-input';
import type { HourlyBucket } from '../model/hourly-bucket';
import type { UsageRange } from '../sources/usage-source';

/**
 * The hours an assessment of `month` as of `asOf` reads: the month up to then, and the HISTORY_DAYS before
 * the month starts that the forecast methods learn from.
 */
export function historyRange(month: string, asOf: Date): UsageRange {
  const { startUtc, endUtc } = jstMonthBounds(month);
  return {
    from: new Date(startUtc.getTime() - HISTORY_DAYS * DAY_MS),
    to: new Date(Math.min(asOf.getTime(), endUtc.getTime())),
  };
}

export interface FetchPlan {
  /** Re-fetched every run, so late and revised buckets land. */
  trailing: UsageRange;
  /**
   * The whole history range, asked for first when the stored history does not reach back past the
   * trailing window (a new contract), so its forecasts need not wait weeks for history; else null.
   */
  backfill: UsageRange | null;
}

export function fetchPlan(
  stored: readonly HourlyBucket[],
  history: UsageRange,
  runAt: Date,
  trailingWindowHours: number,
): FetchPlan {
  const trailingFrom = runAt.getTime() - trailingWindowHours * HOUR_MS;
  const trailing = { from: new Date(trailingFrom), to: runAt };
  const reachesBack = stored.some((bucket) => Date.parse(bucket.hourStartUtc) < trailingFrom);
  const backfill =
    reachesBack || history.from.getTime() >= trailingFrom ? null : { from: history.from, to: runAt };
  return { trailing, backfill };
}
