import { FORECAST_METHOD_NAMES, type ForecastMethodName } from './forecast-method';
import { quantile } from './quantile';

/**
 * How wrong a method was, backtested, when it forecast from a given day of the month: quantiles of the
 * signed relative error `actual / forecast - 1` over past months. P50 and P90 of month-end come from it.
 */
export interface ErrorBandRow {
  dayOfMonth: number;
  p50: number;
  p90: number;
  samples: number;
}

/** Rows per method, ascending by day of month. */
export type ErrorBandTable = Readonly<Record<ForecastMethodName, readonly ErrorBandRow[]>>;

/** One backtested forecast and the month-end it was trying to hit. */
export interface ForecastErrorSample {
  method: ForecastMethodName;
  dayOfMonth: number;
  forecastBytes: number;
  actualBytes: number;
}

export function errorBandTableFrom(samples: readonly ForecastErrorSample[]): ErrorBandTable {
  const table = {} as Record<ForecastMethodName, ErrorBandRow[]>;
  for (const method of FORECAST_METHOD_NAMES) {
    const byDay = new Map<number, number[]>();
    for (const s of samples) {
      if (s.method !== method || s.forecastBytes <= 0) continue;
      const errors = byDay.get(s.dayOfMonth) ?? [];
      errors.push(s.actualBytes / s.forecastBytes - 1);
      byDay.set(s.dayOfMonth, errors);
    }
    table[method] = [...byDay.entries()]
      .sort(([a], [b]) => a - b)
      .map(([dayOfMonth, errors]) => ({
        dayOfMonth,
        p50: quantile(errors, 0.5),
        p90: quantile(errors, 0.9),
        samples: errors.length,
      }));
  }
  return table;
}

/**
 * The row for a day of the month: the latest backtested day at or before it (an earlier day erred more, so
 * this errs on the wide side), or the first row before any. Undefined when the method has no rows.
 */
export function errorBandAt(
  table: ErrorBandTable,
  method: ForecastMethodName,
  dayOfMonth: number,
): ErrorBandRow | undefined {
  const rows = table[method];
  return rows.findLast((row) => row.dayOfMonth <= dayOfMonth) ?? rows[0];
}

export interface ForecastRange {
  p50Bytes: number;
  p90Bytes: number;
}

/** P50 and P90 of month-end: never below what has already been used, and P90 never below P50. */
export function forecastRange(pointBytes: number, band: ErrorBandRow, actualBytes: number): ForecastRange {
  const p50Bytes = Math.max(actualBytes, pointBytes * (1 + band.p50));
  return { p50Bytes, p90Bytes: Math.max(p50Bytes, pointBytes * (1 + band.p90)) };
}
