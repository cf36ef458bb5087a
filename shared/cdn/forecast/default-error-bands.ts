import type { ErrorBandTable } from './error-bands';

/**
 * Error bands shipped until a contract's own backtest replaces them: quantiles of actual / forecast - 1
 * from the rolling-origin backtest on the seeded synthetic set (15 JST months 2024-12..2026-02, seed
 * 20250101, origins at 12:00 JST). Made by `npm run backtest -- --emit-error-bands`; rerun it and paste the
 * rows when a forecast method or the synthetic set changes. Positive P50s: launch spikes and growth make
 * month-ends land above the point forecast more often than below.
 */
export const DEFAULT_ERROR_BANDS: ErrorBandTable = {
  'linear-run-rate': [
    { dayOfMonth: 7, p50: 0.0326, p90: 0.0808, samples: 15 },
    { dayOfMonth: 10, p50: 0.01, p90: 0.0611, samples: 15 },
    { dayOfMonth: 15, p50: 0.0117, p90: 0.0312, samples: 15 },
    { dayOfMonth: 20, p50: 0.0173, p90: 0.04, samples: 15 },
    { dayOfMonth: 25, p50: -0.0026, p90: 0.0229, samples: 15 },
    { dayOfMonth: 28, p50: 0.0029, p90: 0.0219, samples: 15 },
  ],
  'trailing-7-day': [
    { dayOfMonth: 1, p50: 0.0241, p90: 0.0519, samples: 14 },
    { dayOfMonth: 3, p50: 0.0211, p90: 0.062, samples: 14 },
    { dayOfMonth: 7, p50: 0.0165, p90: 0.0597, samples: 15 },
    { dayOfMonth: 10, p50: 0.0254, p90: 0.0551, samples: 15 },
    { dayOfMonth: 15, p50: 0.0006, p90: 0.0314, samples: 15 },
    { dayOfMonth: 20, p50: 0.0123, p90: 0.0351, samples: 15 },
    { dayOfMonth: 25, p50: -0.0016, p90: 0.0174, samples: 15 },
    { dayOfMonth: 28, p50: 0.0062, p90: 0.0176, samples: 15 },
  ],
  'weekday-aware': [
    { dayOfMonth: 1, p50: 0.0158, p90: 0.027, samples: 14 },
    { dayOfMonth: 3, p50: 0.0159, p90: 0.0354, samples: 14 },
    { dayOfMonth: 7, p50: 0.0118, p90: 0.0273, samples: 14 },
    { dayOfMonth: 10, p50: 0.012, p90: 0.0274, samples: 14 },
    { dayOfMonth: 15, p50: 0.0044, p90: 0.0168, samples: 14 },
    { dayOfMonth: 20, p50: 0.0036, p90: 0.0149, samples: 14 },
    { dayOfMonth: 25, p50: -0.0014, p90: 0.0059, samples: 14 },
    { dayOfMonth: 28, p50: -0.0007, p90: 0.0028, samples: 14 },
  ],
};
