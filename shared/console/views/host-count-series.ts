import type { HostCountDay } from '../../audit/host-count-day';
import { dayNumberOfJstDate, jstDateOf, jstDateOfDayNumber } from '../../kernel/time/jst-calendar';

export const HOST_CHART_DAYS = 90;

export interface HostCountSeries {
  dates: string[];
  /** Per date: the day's peak billable count (what billing feels), null for a day no round counted. */
  peak: (number | null)[];
  low: (number | null)[];
  quota: { warn: number; max: number } | null;
}

/** The first JST date of the chart ending today. */
export const hostChartFrom = (now: Date): string =>
  jstDateOfDayNumber(dayNumberOfJstDate(jstDateOf(now)) - (HOST_CHART_DAYS - 1));

/** The last 90 JST days, every day present (a gap stays a gap, not a zero). */
export function hostCountSeries(
  days: readonly HostCountDay[],
  now: Date,
  quota: { warn: number; max: number } | undefined,
): HostCountSeries {
  const first = dayNumberOfJstDate(hostChartFrom(now));
  const byDate = new Map(days.map((day) => [day.date, day]));
  const dates = Array.from({ length: HOST_CHART_DAYS }, (_, i) => jstDateOfDayNumber(first + i));
  return {
    dates,
    peak: dates.map((d) => byDate.get(d)?.peak ?? null),
    low: dates.map((d) => byDate.get(d)?.low ?? null),
    quota: quota ?? null,
  };
}
