import { DAY_MS, daysInJstMonth, HOUR_MS, jstMonthBounds } from '../../kernel/time/jst-calendar';
import { bytesOfHour, type HourlySeries } from './hourly-series';

/**
 * Where a JST month stands at `now`, in the forecast notation of the README (CDN commit watch). Forecast figures (d, M, p, R)
 * stand on `dataCompleteTo`, the end of the last hour of an unbroken run of final hours from the month's
 * start: an hour is final once the source's lag has passed after its end. The actual (mtdBytes) counts
 * every bucket of the month that started before now, provisional ones included.
 */
export interface MonthUsage {
  month: string;
  /** D */
  daysInMonth: number;
  /** 1-based day of the month the forecast stands on; daysInMonth + 1 once the month's data is complete. */
  dayOfMonth: number;
  /** d */
  completeDays: number;
  /** M */
  completeDaysBytes: number;
  /** p */
  todayBytes: number;
  /** Hours of that day held in p (0-23). */
  todayHoursCovered: number;
  /** R: whole days of the month after that day. */
  wholeDaysLeft: number;
  mtdBytes: number;
  /** ISO instant; the month's start when not even its first hour is final. */
  dataCompleteTo: string;
}

export interface MonthUsageOptions {
  /** How long after an hour ends its bucket may still change (the source's data lag). */
  sourceLagMinutes: number;
}

export function monthUsage(
  series: HourlySeries,
  month: string,
  now: Date,
  options: MonthUsageOptions,
): MonthUsage {
  const bounds = jstMonthBounds(month);
  const startMs = bounds.startUtc.getTime();
  const endMs = bounds.endUtc.getTime();
  const nowMs = now.getTime();
  const finalBeforeMs = nowMs - options.sourceLagMinutes * 60_000;
  const days = daysInJstMonth(month);

  let asOfMs = startMs;
  let mtdBytes = 0;
  let completeBytes = 0;
  for (let hour = startMs; hour < endMs && hour < nowMs; hour += HOUR_MS) {
    const value = bytesOfHour(series, hour);
    if (value === undefined) continue;
    mtdBytes += value;
    if (hour === asOfMs && hour + HOUR_MS <= finalBeforeMs) {
      asOfMs += HOUR_MS;
      completeBytes += value;
    }
  }

  const completeDays = Math.floor((asOfMs - startMs) / DAY_MS);
  const todayStartMs = startMs + completeDays * DAY_MS;
  let todayBytes = 0;
  for (let hour = todayStartMs; hour < asOfMs; hour += HOUR_MS) todayBytes += bytesOfHour(series, hour) ?? 0;
  return {
    month,
    daysInMonth: days,
    dayOfMonth: completeDays + 1,
    completeDays,
    completeDaysBytes: completeBytes - todayBytes,
    todayBytes,
    todayHoursCovered: (asOfMs - todayStartMs) / HOUR_MS,
    wholeDaysLeft: Math.max(0, days - completeDays - 1),
    mtdBytes,
    dataCompleteTo: new Date(asOfMs).toISOString(),
  };
}
