import { median } from '../forecast/quantile';
import { ORIGIN_JST_HOUR, REPORT_ORIGIN_DAYS } from './rolling-origin';
import type { BacktestResult } from './run-backtest';

const fixed = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);

/** The backtest as a compact text table; the last line is the figure CI and people look for. */
export function backtestReport(result: BacktestResult): string[] {
  const first = result.months[0] ?? '-';
  const last = result.months.at(-1) ?? '-';
  const lines = [
    `CDN commit backtest: ${result.months.length} complete JST months (${first}..${last}), origins at ${String(ORIGIN_JST_HOUR).padStart(2, '0')}:00 JST`,
    'median |month-end error| % by origin day of month ("-": the method cannot forecast yet)',
    ['method'.padEnd(16), ...REPORT_ORIGIN_DAYS.map((day) => `day${day}`.padStart(7))].join(''),
    ...result.methods.map((m) =>
      [m.label.padEnd(16), ...m.medianAbsPercent.map((v) => fixed(v).padStart(7))].join(''),
    ),
    `alerts, hourly replay (commit = month total x ${result.commitShare.min}..${result.commitShare.max}; ${result.crossingMonths} of ${result.months.length} months cross it)`,
    ...result.leads.map(
      (l) =>
        `${l.kind.padEnd(16)}lead days min ${fixed(l.leadDays.length ? Math.min(...l.leadDays) : null)}` +
        ` median ${fixed(l.leadDays.length ? median(l.leadDays) : null)}, missed ${l.missed},` +
        ` fired in ${l.firedUnder} months that stayed under`,
    ),
    `transitions ${result.transitions}, clears ${result.clears}, repeats ${result.repeats}, flaps ${result.flaps}`,
    `day10 error ratio (chosen method / linear run-rate): ${result.day10Ratio === null ? 'n/a' : result.day10Ratio.toFixed(2)}`,
  ];
  return lines;
}
