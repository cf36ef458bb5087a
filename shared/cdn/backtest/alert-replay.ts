import { HOUR_MS, jstMonthBounds } from '../../kernel/time/jst-calendar';
import type { ErrorBandTable } from '../forecast/error-bands';
import { type AssessCommitInput, assessCommit } from '../model/assess-commit';
import { advanceCommitAlerts, type CommitEvaluation } from '../model/commit-alert-machine';
import { type CommitAlertKind, type CommitAlertState, commitAlertKey } from '../model/commit-alert-state';
import { commitBytesOf } from '../model/commit-finance';
import { bytesOfHour, type HourlySeries } from '../model/hourly-series';

/** What hourly polling through one month would have mailed. */
export interface MonthReplay {
  month: string;
  /** End of the hour the actual total first reached the commit; null when it never did. */
  crossingMs: number | null;
  /** When each kind first fired (epoch ms). */
  firstFiredMs: Partial<Record<CommitAlertKind, number>>;
  transitions: number;
  /** Transitions that re-applying a run (the same one again, or the one before) produced: must be 0. */
  repeats: number;
  /** Alerts that cleared (the forecast came back under the threshold minus the margin). */
  clears: number;
  /** Alerts that fired again after clearing in the same month: must be 0. */
  flaps: number;
}

/**
 * Runs the commit watch every hour of the month as production would (assess, then advance the alert
 * states), and re-delivers each run and its predecessor to check nothing is mailed twice.
 */
export function replayMonthAlerts(
  series: HourlySeries,
  month: string,
  contract: AssessCommitInput['contract'],
  errorBands: ErrorBandTable,
): MonthReplay {
  const { startUtc, endUtc } = jstMonthBounds(month);
  const commitBytes = commitBytesOf(contract);
  const replay: MonthReplay = {
    month,
    crossingMs: null,
    firstFiredMs: {},
    transitions: 0,
    repeats: 0,
    clears: 0,
    flaps: 0,
  };
  const firedKeys = new Set<string>();
  let states: CommitAlertState[] = [];
  let previous: CommitEvaluation | undefined;
  let cumulative = 0;
  for (let hourMs = startUtc.getTime(); hourMs < endUtc.getTime(); hourMs += HOUR_MS) {
    cumulative += bytesOfHour(series, hourMs) ?? 0;
    const now = new Date(hourMs + HOUR_MS);
    if (replay.crossingMs === null && cumulative >= commitBytes) replay.crossingMs = now.getTime();
    const { evaluation } = assessCommit({ contract, series, month, now, errorBands });
    const step = advanceCommitAlerts(states, evaluation, contract.thresholds);
    for (const transition of step.transitions) {
      const key = commitAlertKey(transition);
      if (transition.change === 'cleared') replay.clears++;
      else if (firedKeys.has(key)) replay.flaps++;
      else {
        firedKeys.add(key);
        replay.firstFiredMs[transition.kind] ??= now.getTime();
      }
    }
    replay.transitions += step.transitions.length;
    for (const redelivered of previous === undefined ? [evaluation] : [evaluation, previous]) {
      replay.repeats += advanceCommitAlerts(step.states, redelivered, contract.thresholds).transitions.length;
    }
    states = step.states;
    previous = evaluation;
  }
  return replay;
}
