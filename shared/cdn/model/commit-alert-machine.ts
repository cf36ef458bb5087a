import {
  type CommitAlertKind,
  type CommitAlertState,
  type CommitAlertSubject,
  commitAlertKey,
} from './commit-alert-state';
import type { AlertThresholds } from './contract-schema';

/** One thing this run measured against one threshold. */
export interface CommitSignal {
  kind: CommitAlertKind;
  band: number;
  /** Null when it cannot be judged this run (minimum-data guard, no forecast). */
  value: number | null;
  threshold: number;
}

/** One run's view of one contract's month. runAt is the run's data time: later runs have later ones. */
export interface CommitEvaluation {
  contractId: string;
  month: string;
  runAt: string;
  signals: readonly CommitSignal[];
}

/** A change to mail. The id is the same however often the same run is applied, for downstream dedup. */
export interface CommitAlertTransition extends CommitAlertSubject {
  id: string;
  change: 'fired' | 'cleared';
  runAt: string;
  value: number;
  threshold: number;
}

export interface CommitAlertStep {
  /** Next state of every subject the evaluation carries (unchanged when the run was stale). */
  states: CommitAlertState[];
  transitions: CommitAlertTransition[];
}

type Hysteresis = Pick<AlertThresholds, 'confirmRuns' | 'clearMarginPercent'>;

/** Whether the signal points away from the current status: above the threshold, or clearly below it. */
function pointsToChange(
  status: CommitAlertState['status'],
  signal: CommitSignal,
  policy: Hysteresis,
): boolean {
  if (signal.value === null) return false;
  return status === 'clear'
    ? signal.value >= signal.threshold
    : signal.value < signal.threshold * (1 - policy.clearMarginPercent / 100);
}

/**
 * Applies one run to the alerts of its contract and month. Alerts change only after `confirmRuns`
 * consecutive runs agree, clear only below threshold minus the margin, and a run no newer than a state's
 * last one leaves that state alone: re-delivered and replayed runs mail nothing.
 */
export function advanceCommitAlerts(
  previous: readonly CommitAlertState[],
  evaluation: CommitEvaluation,
  policy: Hysteresis,
): CommitAlertStep {
  const byKey = new Map(previous.map((state) => [commitAlertKey(state), state]));
  const runMs = Date.parse(evaluation.runAt);
  const step: CommitAlertStep = { states: [], transitions: [] };
  for (const signal of evaluation.signals) {
    const subject: CommitAlertSubject = {
      contractId: evaluation.contractId,
      month: evaluation.month,
      kind: signal.kind,
      band: signal.band,
    };
    const key = commitAlertKey(subject);
    const before = byKey.get(key);
    if (before !== undefined && runMs <= Date.parse(before.lastRunAt)) {
      step.states.push(before);
      continue;
    }
    const status = before?.status ?? 'clear';
    const pendingRuns = pointsToChange(status, signal, policy) ? (before?.pendingRuns ?? 0) + 1 : 0;
    const state: CommitAlertState = {
      ...subject,
      status,
      pendingRuns,
      lastRunAt: evaluation.runAt,
      firedAt: before?.firedAt ?? null,
      clearedAt: before?.clearedAt ?? null,
    };
    if (pendingRuns >= policy.confirmRuns && signal.value !== null) {
      const change = status === 'clear' ? 'fired' : 'cleared';
      state.status = change === 'fired' ? 'active' : 'clear';
      state.pendingRuns = 0;
      if (change === 'fired') state.firedAt = evaluation.runAt;
      else state.clearedAt = evaluation.runAt;
      step.transitions.push({
        ...subject,
        id: `${key}|${change}|${evaluation.runAt}`,
        change,
        runAt: evaluation.runAt,
        value: signal.value,
        threshold: signal.threshold,
      });
    }
    step.states.push(state);
  }
  return step;
}
