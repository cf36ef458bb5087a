import { firstDayNumberOf, wholeJstDaysLeft } from '../../kernel/time/jst-calendar';
import { DEFAULT_ERROR_BANDS } from '../forecast/default-error-bands';
import { type ErrorBandRow, type ErrorBandTable, errorBandAt, forecastRange } from '../forecast/error-bands';
import { type ForecastInput, forecastInput } from '../forecast/forecast-input';
import type { ForecastMethodName } from '../forecast/forecast-method';
import { chooseForecast, PREFERRED_METHODS } from '../forecast/forecast-methods';
import type { CommitEvaluation, CommitSignal } from './commit-alert-machine';
import { type CommitFinance, commitBytesOf, commitFinance, overageYenThresholdBytes } from './commit-finance';
import type { CdnContract } from './contract-schema';
import type { HourlySeries } from './hourly-series';
import { type MonthUsage, monthUsage } from './month-usage';

export interface AssessCommitInput {
  contract: Pick<CdnContract, 'id' | 'committed' | 'overage' | 'lagMinutes' | 'thresholds'>;
  series: HourlySeries;
  /** JST month `YYYY-MM` assessed (normally the one `now` falls in). */
  month: string;
  now: Date;
  errorBands?: ErrorBandTable;
  methodOrder?: readonly ForecastMethodName[];
}

export interface CommitForecast {
  method: ForecastMethodName;
  pointBytes: number;
  p50Bytes: number;
  p90Bytes: number;
}

/** One run's picture of one contract's month: usage, forecast, finance figures, and the alert signals. */
export interface CommitAssessment {
  usage: MonthUsage;
  forecast: CommitForecast | null;
  /** Why forecast alerts say nothing this run (no method can forecast yet, or the minimum-data guard). */
  forecastHeldBack: string | null;
  finance: CommitFinance;
  evaluation: CommitEvaluation;
}

const MONTH_COMPLETE: ErrorBandRow = { dayOfMonth: 32, p50: 0, p90: 0, samples: 0 };
const GUARD_DAY = 3;
const GUARD_HISTORY_DAYS = 7;

/**
 * Never alert on a bare run-rate of the first one or two days: before day 3 only a method that learns from
 * history, with a week of last month's days, may raise forecast alerts.
 */
function guardReason(input: ForecastInput, method: ForecastMethodName): string | null {
  if (input.usage.dayOfMonth >= GUARD_DAY) return null;
  const firstDay = firstDayNumberOf(input.usage.month);
  const daysBefore = input.history.filter((day) => day.dayNumber < firstDay).length;
  if (method !== 'linear-run-rate' && daysBefore >= GUARD_HISTORY_DAYS) return null;
  return `minimum-data guard: day ${input.usage.dayOfMonth} of the month with ${daysBefore} days of last month's history`;
}

function bandFor(table: ErrorBandTable, method: ForecastMethodName, usage: MonthUsage): ErrorBandRow {
  if (usage.dayOfMonth > usage.daysInMonth) return MONTH_COMPLETE;
  return (
    errorBandAt(table, method, usage.dayOfMonth) ??
    errorBandAt(DEFAULT_ERROR_BANDS, method, usage.dayOfMonth) ??
    MONTH_COMPLETE
  );
}

/** The signals of one run; forecast ones are null while the forecast is held back. */
function commitSignals(
  contract: AssessCommitInput['contract'],
  usage: MonthUsage,
  forecast: CommitForecast | null,
): CommitSignal[] {
  const threshold = commitBytesOf(contract);
  const signals: CommitSignal[] = [];
  if (contract.thresholds.earlyWarning) {
    signals.push({ kind: 'early-warning', band: 0, value: forecast?.p90Bytes ?? null, threshold });
  }
  signals.push(
    { kind: 'overage-likely', band: 0, value: forecast?.p50Bytes ?? null, threshold },
    { kind: 'overage-started', band: 0, value: usage.mtdBytes, threshold },
  );
  // In bytes, like the others, so the clear margin is a share of volume and not of a small yen difference.
  for (const band of contract.thresholds.yenBands) {
    signals.push({
      kind: 'overage-yen',
      band,
      value: forecast?.p50Bytes ?? null,
      threshold: overageYenThresholdBytes(contract, band),
    });
  }
  return signals;
}

export function assessCommit(input: AssessCommitInput): CommitAssessment {
  const { contract } = input;
  const usage = monthUsage(input.series, input.month, input.now, { sourceLagMinutes: contract.lagMinutes });
  const facts = forecastInput(input.series, usage);
  const chosen = chooseForecast(facts, input.methodOrder ?? PREFERRED_METHODS);
  let forecast: CommitForecast | null = null;
  let forecastHeldBack: string | null = null;
  if (chosen.method === null) forecastHeldBack = chosen.reason;
  else {
    const band = bandFor(input.errorBands ?? DEFAULT_ERROR_BANDS, chosen.method, usage);
    forecast = {
      method: chosen.method,
      pointBytes: chosen.bytes,
      ...forecastRange(chosen.bytes, band, usage.mtdBytes),
    };
    forecastHeldBack = guardReason(facts, chosen.method);
  }
  const finance = commitFinance(contract, usage.mtdBytes, forecast, wholeJstDaysLeft(input.month, input.now));
  const speaking = forecastHeldBack === null ? forecast : null;
  return {
    usage,
    forecast,
    forecastHeldBack,
    finance,
    evaluation: {
      contractId: contract.id,
      month: input.month,
      runAt: input.now.toISOString(),
      signals: commitSignals(contract, usage, speaking),
    },
  };
}
