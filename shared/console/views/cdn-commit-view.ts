import type { CommitAssessment } from '../../cdn/model/assess-commit';
import { fromBytes } from '../../cdn/model/byte-unit';
import type { CdnContract } from '../../cdn/model/contract-schema';
import { completeMonthBytes, cumulativeDays } from '../../cdn/model/cumulative-days';
import type { HourlySeries } from '../../cdn/model/hourly-series';
import { jstDatesOfMonth, shiftJstMonth } from '../../kernel/time/jst-calendar';

/** The chart of one contract's month, in the commit's unit. */
export interface CdnCommitChartData {
  unit: string;
  dates: string[];
  /** Month to date at the end of each day so far; null after today. */
  actual: (number | null)[];
  /** From the last actual day to month end: straight to the P50 and P90 projections; null before. */
  p50: (number | null)[];
  p90: (number | null)[];
  commit: number;
}

export interface CdnContractView {
  contract: CdnContract;
  assessment: CommitAssessment;
  chart: CdnCommitChartData;
  /** The months before this one whose every hour is stored, newest first. */
  pastMonths: { month: string; amount: number; percentOfCommit: number }[];
}

const rounded = (value: number) => Math.round(value * 1000) / 1000;

/** Draws the projection from today's point to month end: a straight line is what the forecast claims. */
function projection(dates: readonly string[], fromIndex: number, fromValue: number, endValue: number | null) {
  return dates.map((_, i) => {
    if (endValue === null || i < fromIndex) return null;
    // On the month's last day the line is one point: the projection itself.
    const span = dates.length - 1 - fromIndex;
    const share = span === 0 ? 1 : (i - fromIndex) / span;
    return rounded(fromValue + (endValue - fromValue) * share);
  });
}

export function cdnContractView(
  contract: CdnContract,
  assessment: CommitAssessment,
  series: HourlySeries,
  now: Date,
): CdnContractView {
  const unit = contract.committed.unit;
  const month = assessment.usage.month;
  const dates = jstDatesOfMonth(month);
  const days = cumulativeDays(series, month, now);
  const actual = dates.map((_, i) => {
    const day = days[i];
    return day === undefined ? null : rounded(fromBytes(day.bytes, unit));
  });
  const lastIndex = Math.max(0, days.length - 1);
  const lastValue = actual[lastIndex] ?? 0;
  const { finance } = assessment;
  const pastMonths = [1, 2].flatMap((back) => {
    const past = shiftJstMonth(month, -back);
    const bytes = completeMonthBytes(series, past);
    if (bytes === null) return [];
    const amount = rounded(fromBytes(bytes, unit));
    return [
      { month: past, amount, percentOfCommit: Math.round((amount / contract.committed.amount) * 1000) / 10 },
    ];
  });
  return {
    contract,
    assessment,
    chart: {
      unit,
      dates,
      actual,
      p50: projection(dates, lastIndex, lastValue, finance.p50?.amount ?? null),
      p90: projection(dates, lastIndex, lastValue, finance.p90?.amount ?? null),
      commit: contract.committed.amount,
    },
    pastMonths,
  };
}
