import type { ForecastInput } from './forecast-input';
import { linearRunRate } from './forecast-linear-run-rate';
import type { ForecastMethod, ForecastMethodName } from './forecast-method';
import { trailing7Day } from './forecast-trailing-7-day';
import { weekdayAware } from './forecast-weekday-aware';

export const FORECAST_METHODS: Readonly<Record<ForecastMethodName, ForecastMethod>> = {
  'linear-run-rate': linearRunRate,
  'trailing-7-day': trailing7Day,
  'weekday-aware': weekdayAware,
};

/** The backtest's winner first; the others stand in while it lacks history. */
export const PREFERRED_METHODS: readonly ForecastMethodName[] = [
  'weekday-aware',
  'trailing-7-day',
  'linear-run-rate',
];

export type ChosenForecast = { method: ForecastMethodName; bytes: number } | { method: null; reason: string };

/** The first method in `order` that can forecast; else the reasons none could. */
export function chooseForecast(
  input: ForecastInput,
  order: readonly ForecastMethodName[] = PREFERRED_METHODS,
): ChosenForecast {
  const reasons: string[] = [];
  for (const method of order) {
    const outcome = FORECAST_METHODS[method](input);
    if (outcome.ok) return { method, bytes: outcome.bytes };
    reasons.push(outcome.reason);
  }
  return { method: null, reason: reasons.join('; ') };
}
