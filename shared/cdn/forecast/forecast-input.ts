import { dayNumberStartMs, firstDayNumberOf, HOUR_MS } from '../../kernel/time/jst-calendar';
import { bytesOfHour, type HourlySeries, sumOfHours } from '../model/hourly-series';
import type { MonthUsage } from '../model/month-usage';

/** Bytes of one complete JST day (all 24 hours fetched). */
export interface DailyTotal {
  dayNumber: number;
  bytes: number;
}

/** Everything a forecast method may look at: nothing at or after usage.dataCompleteTo. */
export interface ForecastInput {
  usage: MonthUsage;
  /** JST day number of the day the forecast stands on (usage.dayOfMonth). */
  todayDayNumber: number;
  /** Complete days before that day, oldest first, at most HISTORY_DAYS back (this month's and earlier). */
  history: readonly DailyTotal[];
  /** shareDoneByHour[h]: typical share of a day's bytes in its JST hours before h; [0] = 0, [24] = 1. */
  shareDoneByHour: readonly number[];
}

/** Eight weeks: enough for weekday factors, short enough to follow a changing service. */
export const HISTORY_DAYS = 56;
/** Days the diurnal profile is averaged over. */
const PROFILE_DAYS = 14;

function hourlyShareDone(series: HourlySeries, days: readonly DailyTotal[]): number[] {
  const byHour = new Array<number>(24).fill(0);
  let total = 0;
  for (const day of days) {
    const startMs = dayNumberStartMs(day.dayNumber);
    for (let h = 0; h < 24; h++)
      byHour[h] = (byHour[h] ?? 0) + (bytesOfHour(series, startMs + h * HOUR_MS) ?? 0);
    total += day.bytes;
  }
  // Without history, assume a flat day.
  if (total <= 0) return Array.from({ length: 25 }, (_, h) => h / 24);
  const shares = [0];
  let done = 0;
  for (const bytes of byHour) {
    done += bytes;
    shares.push(done / total);
  }
  return shares;
}

export function forecastInput(series: HourlySeries, usage: MonthUsage): ForecastInput {
  const todayDayNumber = firstDayNumberOf(usage.month) + usage.dayOfMonth - 1;
  const history: DailyTotal[] = [];
  for (let dayNumber = todayDayNumber - HISTORY_DAYS; dayNumber < todayDayNumber; dayNumber++) {
    const startMs = dayNumberStartMs(dayNumber);
    const bytes = sumOfHours(series, startMs, startMs + 24 * HOUR_MS);
    if (bytes !== undefined) history.push({ dayNumber, bytes });
  }
  return {
    usage,
    todayDayNumber,
    history,
    shareDoneByHour: hourlyShareDone(series, history.slice(-PROFILE_DAYS)),
  };
}

/** Share of today still to come, by the diurnal profile (0 once the month's data is complete). */
export function restOfToday(input: ForecastInput): number {
  const { usage } = input;
  if (usage.dayOfMonth > usage.daysInMonth) return 0;
  return 1 - (input.shareDoneByHour[usage.todayHoursCovered] ?? 0);
}

/** History days in the window of the `days` days before today. */
export function recentHistory(input: ForecastInput, days: number): readonly DailyTotal[] {
  return input.history.filter((day) => day.dayNumber >= input.todayDayNumber - days);
}
