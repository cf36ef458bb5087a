import { DAY_MS } from '../../kernel/time/jst-calendar';
import { type ErrorBandTable, errorBandTableFrom } from '../forecast/error-bands';
import { FORECAST_METHOD_NAMES } from '../forecast/forecast-method';
import { median } from '../forecast/quantile';
import { alertThresholdsSchema } from '../model/contract-schema';
import type { HourlySeries } from '../model/hourly-series';
import { replayMonthAlerts } from './alert-replay';
import { completeMonths } from './complete-months';
import {
  errorSamples,
  type OriginForecast,
  REPORT_ORIGIN_DAYS,
  rollingOriginForecasts,
} from './rolling-origin';
import { seededRandom } from './seeded-random';

/** Commits are drawn per month within this share of the month's total, so some months cross and some don't. */
const COMMIT_SHARE = { min: 0.9, max: 1.1 } as const;
const OVERAGE_YEN_PER_GB = 30;
const YEN_BANDS = [100_000, 500_000];
const LEAD_KINDS = ['early-warning', 'overage-likely'] as const;
const CHOSEN = 'chosen';

export interface MethodErrors {
  /** A method name, or CHOSEN for the production fallback chain. */
  label: string;
  /** Median absolute % error per REPORT_ORIGIN_DAYS entry; null where the method never could forecast. */
  medianAbsPercent: Array<number | null>;
}

export interface LeadTimes {
  kind: (typeof LEAD_KINDS)[number];
  /** Days from first firing to the actual crossing, per crossing month it fired in before crossing. */
  leadDays: number[];
  /** Crossing months it did not fire in before the crossing. */
  missed: number;
  /** Months that stayed under the commit where it fired anyway. */
  firedUnder: number;
}

export interface BacktestResult {
  months: string[];
  crossingMonths: number;
  commitShare: typeof COMMIT_SHARE;
  methods: MethodErrors[];
  leads: LeadTimes[];
  transitions: number;
  repeats: number;
  clears: number;
  flaps: number;
  /** Chosen method's day-10 median error over linear run-rate's; null when either has none. */
  day10Ratio: number | null;
  /** Error bands made from this run's forecasts, used by its alert replay. */
  errorBands: ErrorBandTable;
}

function medianAbsPercent(forecasts: readonly OriginForecast[], pick: (f: OriginForecast) => number | null) {
  return REPORT_ORIGIN_DAYS.map((day) => {
    const errors = forecasts.flatMap((f) => {
      const forecast = f.dayOfMonth === day ? pick(f) : null;
      return forecast === null ? [] : [Math.abs(forecast / f.actualBytes - 1) * 100];
    });
    return errors.length === 0 ? null : median(errors);
  });
}

/**
 * Rolling-origin backtest over every complete JST month of the series: each method forecasts month-end
 * from fixed origins using only data before them, then hourly polling with the chosen method and the
 * alert state machine is replayed through each month against a commit near its total.
 */
export function runBacktest(series: HourlySeries, seed: number): BacktestResult {
  const months = completeMonths(series);
  const forecasts = rollingOriginForecasts(series, months);
  const errorBands = errorBandTableFrom(errorSamples(forecasts));
  const methods: MethodErrors[] = [
    ...FORECAST_METHOD_NAMES.map((method) => ({
      label: method,
      medianAbsPercent: medianAbsPercent(forecasts, (f) => f.byMethod[method]),
    })),
    { label: CHOSEN, medianAbsPercent: medianAbsPercent(forecasts, (f) => f.chosen?.bytes ?? null) },
  ];
  const random = seededRandom(seed);
  const thresholds = alertThresholdsSchema.parse({ yenBands: YEN_BANDS });
  const leads: LeadTimes[] = LEAD_KINDS.map((kind) => ({ kind, leadDays: [], missed: 0, firedUnder: 0 }));
  const result = { transitions: 0, repeats: 0, clears: 0, flaps: 0, crossingMonths: 0 };
  for (const { month, totalBytes } of months) {
    const share = COMMIT_SHARE.min + (COMMIT_SHARE.max - COMMIT_SHARE.min) * random.uniform();
    const contract = {
      id: 'backtest',
      committed: { amount: Math.round((totalBytes * share) / 1e9), unit: 'GB' as const },
      overage: { yenPerUnit: OVERAGE_YEN_PER_GB, unit: 'GB' as const },
      lagMinutes: 0,
      thresholds,
    };
    const replay = replayMonthAlerts(series, month, contract, errorBands);
    result.transitions += replay.transitions;
    result.repeats += replay.repeats;
    result.clears += replay.clears;
    result.flaps += replay.flaps;
    if (replay.crossingMs !== null) result.crossingMonths++;
    for (const lead of leads) {
      const firedMs = replay.firstFiredMs[lead.kind];
      if (replay.crossingMs === null) {
        if (firedMs !== undefined) lead.firedUnder++;
      } else if (firedMs === undefined || firedMs > replay.crossingMs) lead.missed++;
      else lead.leadDays.push((replay.crossingMs - firedMs) / DAY_MS);
    }
  }
  const day10 = REPORT_ORIGIN_DAYS.indexOf(10);
  const chosen10 = methods.find((m) => m.label === CHOSEN)?.medianAbsPercent[day10];
  const linear10 = methods.find((m) => m.label === 'linear-run-rate')?.medianAbsPercent[day10];
  return {
    months: months.map((m) => m.month),
    commitShare: COMMIT_SHARE,
    methods,
    leads,
    ...result,
    day10Ratio: chosen10 == null || linear10 == null || linear10 === 0 ? null : chosen10 / linear10,
    errorBands,
  };
}
