import { HOUR_MS, jstMonthBounds, jstMonthOf, shiftJstMonth } from '../../kernel/time/jst-calendar';
import { type HourlySeries, sumOfHours } from '../model/hourly-series';

/** A JST month the series holds every hour of, with its total. */
export interface CompleteMonth {
  month: string;
  totalBytes: number;
}

/** The months a backtest can score: those whose every hour is in the series. */
export function completeMonths(series: HourlySeries): CompleteMonth[] {
  if (series.bytes.length === 0) return [];
  const lastHourMs = series.firstHourMs + (series.bytes.length - 1) * HOUR_MS;
  const months: CompleteMonth[] = [];
  for (let month = jstMonthOf(new Date(series.firstHourMs)); ; month = shiftJstMonth(month, 1)) {
    const { startUtc, endUtc } = jstMonthBounds(month);
    if (startUtc.getTime() > lastHourMs) return months;
    const totalBytes = sumOfHours(series, startUtc.getTime(), endUtc.getTime());
    if (totalBytes !== undefined) months.push({ month, totalBytes });
  }
}
