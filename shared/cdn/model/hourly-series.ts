import { HOUR_MS } from '../../kernel/time/jst-calendar';
import type { HourlyBucket } from './hourly-bucket';

/**
 * A contract's hourly history laid out densely by hour, so a forecast can read months of it cheaply (the
 * backtest reads it tens of thousands of times). `bytes[i]` is the hour starting at firstHourMs + i hours;
 * NaN where no bucket was fetched (a reported zero is data, a missing hour is not).
 */
export interface HourlySeries {
  readonly firstHourMs: number;
  readonly bytes: Float64Array;
}

/** Builds the series; when an hour comes more than once (re-fetched, revised), the later bucket wins. */
export function hourlySeriesFrom(buckets: Iterable<HourlyBucket>): HourlySeries {
  const byHour = new Map<number, number>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const bucket of buckets) {
    const hourMs = Date.parse(bucket.hourStartUtc);
    byHour.set(hourMs, bucket.bytes);
    first = Math.min(first, hourMs);
    last = Math.max(last, hourMs);
  }
  if (byHour.size === 0) return { firstHourMs: 0, bytes: new Float64Array(0) };
  const bytes = new Float64Array((last - first) / HOUR_MS + 1).fill(Number.NaN);
  for (const [hourMs, value] of byHour) bytes[(hourMs - first) / HOUR_MS] = value;
  return { firstHourMs: first, bytes };
}

/** Bytes of the hour starting at `hourMs`, or undefined when that hour was never fetched. */
export function bytesOfHour(series: HourlySeries, hourMs: number): number | undefined {
  const value = series.bytes[(hourMs - series.firstHourMs) / HOUR_MS];
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

/** Sum of the hours in `[fromMs, toMs)`, or undefined when any of them is missing. */
export function sumOfHours(series: HourlySeries, fromMs: number, toMs: number): number | undefined {
  let sum = 0;
  for (let hour = fromMs; hour < toMs; hour += HOUR_MS) {
    const value = bytesOfHour(series, hour);
    if (value === undefined) return undefined;
    sum += value;
  }
  return sum;
}
