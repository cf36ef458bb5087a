import { DAY_MS, HOUR_MS, jstMonthBounds } from '../../kernel/time/jst-calendar';
import type { ForecastErrorSample } from '../forecast/error-bands';
import { forecastInput } from '../forecast/forecast-input';
import { FORECAST_METHOD_NAMES, type ForecastMethodName } from '../forecast/forecast-method';
import { FORECAST_METHODS, PREFERRED_METHODS } from '../forecast/forecast-methods';
import type { HourlySeries } from '../model/hourly-series';
import { monthUsage } from '../model/month-usage';
import type { CompleteMonth } from './complete-months';

/** Days of the month the report prints. */
export const REPORT_ORIGIN_DAYS = [3, 7, 10, 15, 20, 25] as const;
/** Days the error-band table is made for: the report's, plus the first day and the last stretch. */
export const BAND_ORIGIN_DAYS = [1, 3, 7, 10, 15, 20, 25, 28] as const;
/** Every origin stands at this JST hour, so today's partial day is part of every forecast. */
export const ORIGIN_JST_HOUR = 12;

/** All methods' month-end forecasts from one origin, made only from data before it. */
export interface OriginForecast {
  month: string;
  dayOfMonth: number;
  actualBytes: number;
  byMethod: Record<ForecastMethodName, number | null>;
  /** What the production fallback chain (PREFERRED_METHODS) said. */
  chosen: { method: ForecastMethodName; bytes: number } | null;
}

export function rollingOriginForecasts(
  series: HourlySeries,
  months: readonly CompleteMonth[],
): OriginForecast[] {
  const forecasts: OriginForecast[] = [];
  for (const { month, totalBytes } of months) {
    const startMs = jstMonthBounds(month).startUtc.getTime();
    for (const dayOfMonth of BAND_ORIGIN_DAYS) {
      const now = new Date(startMs + (dayOfMonth - 1) * DAY_MS + ORIGIN_JST_HOUR * HOUR_MS);
      const input = forecastInput(series, monthUsage(series, month, now, { sourceLagMinutes: 0 }));
      const byMethod = {} as Record<ForecastMethodName, number | null>;
      for (const method of FORECAST_METHOD_NAMES) {
        const outcome = FORECAST_METHODS[method](input);
        byMethod[method] = outcome.ok ? outcome.bytes : null;
      }
      const chosen = PREFERRED_METHODS.find((method) => byMethod[method] !== null);
      const chosenBytes = chosen === undefined ? null : byMethod[chosen];
      forecasts.push({
        month,
        dayOfMonth,
        actualBytes: totalBytes,
        byMethod,
        chosen: chosen === undefined || chosenBytes === null ? null : { method: chosen, bytes: chosenBytes },
      });
    }
  }
  return forecasts;
}

/** The forecasts as error samples, for errorBandTableFrom. */
export function errorSamples(forecasts: readonly OriginForecast[]): ForecastErrorSample[] {
  return forecasts.flatMap((f) =>
    FORECAST_METHOD_NAMES.flatMap((method) => {
      const forecastBytes = f.byMethod[method];
      return forecastBytes === null
        ? []
        : [{ method, dayOfMonth: f.dayOfMonth, forecastBytes, actualBytes: f.actualBytes }];
    }),
  );
}
