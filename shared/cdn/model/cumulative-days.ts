import { DAY_MS, HOUR_MS, jstDatesOfMonth, jstMonthBounds } from '../../kernel/time/jst-calendar';
import { bytesOfHour, type HourlySeries } from './hourly-series';

export interface CumulativeDay {
  /** JST date. */
  date: string;
  /** Bytes from the month's start to the end of this day (or to `until` on the day it falls in). */
  bytes: number;
  /** Hours of the day that had a bucket. */
  hoursCovered: number;
}

/** Month-to-date volume at the end of each JST day of `month` that started before `until`. */
export function cumulativeDays(series: HourlySeries, month: string, until: Date): CumulativeDay[] {
  const startMs = jstMonthBounds(month).startUtc.getTime();
  const untilMs = until.getTime();
  const days: CumulativeDay[] = [];
  let total = 0;
  jstDatesOfMonth(month).forEach((date, index) => {
    const dayStart = startMs + index * DAY_MS;
    if (dayStart >= untilMs) return;
    let covered = 0;
    for (let hour = dayStart; hour < dayStart + DAY_MS && hour < untilMs; hour += HOUR_MS) {
      const value = bytesOfHour(series, hour);
      if (value === undefined) continue;
      total += value;
      covered += 1;
    }
    days.push({ date, bytes: total, hoursCovered: covered });
  });
  return days;
}

/** A whole past month's volume, or null unless every hour of it has a bucket. */
export function completeMonthBytes(series: HourlySeries, month: string): number | null {
  const { startUtc, endUtc } = jstMonthBounds(month);
  let total = 0;
  for (let hour = startUtc.getTime(); hour < endUtc.getTime(); hour += HOUR_MS) {
    const value = bytesOfHour(series, hour);
    if (value === undefined) return null;
    total += value;
  }
  return total;
}
