import type { ForecastInput } from './forecast-input';

export const FORECAST_METHOD_NAMES = ['linear-run-rate', 'trailing-7-day', 'weekday-aware'] as const;
export type ForecastMethodName = (typeof FORECAST_METHOD_NAMES)[number];

/** Month-end bytes, or why the method cannot say yet. */
export type ForecastOutcome = { ok: true; bytes: number } | { ok: false; reason: string };

/** Every method has this shape, so the backtest can run them side by side. */
export type ForecastMethod = (input: ForecastInput) => ForecastOutcome;

export function insufficientData(reason: string): ForecastOutcome {
  return { ok: false, reason: `insufficient data: ${reason}` };
}
