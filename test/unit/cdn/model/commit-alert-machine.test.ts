import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  advanceCommitAlerts,
  type CommitAlertStep,
  type CommitEvaluation,
  type CommitSignal,
} from '../../../../shared/cdn/model/commit-alert-machine';
import {
  type CommitAlertState,
  commitAlertStateSchema,
} from '../../../../shared/cdn/model/commit-alert-state';

const POLICY = { confirmRuns: 2, clearMarginPercent: 5 };
const COMMIT = 1000;
const hour = (h: number) => new Date(Date.UTC(2025, 2, 10, h)).toISOString();

const likely = (value: number | null): CommitSignal => ({
  kind: 'overage-likely',
  band: 0,
  value,
  threshold: COMMIT,
});
const evaluation = (h: number, signals: CommitSignal[]): CommitEvaluation => ({
  contractId: 'acme-cdn',
  month: '2025-03',
  runAt: hour(h),
  signals,
});

/** Feeds runs in order from `states`, returning every step. */
function runs(values: Array<number | null>, states: CommitAlertState[] = [], first = 0): CommitAlertStep[] {
  const steps: CommitAlertStep[] = [];
  let current = states;
  values.forEach((value, i) => {
    const step = advanceCommitAlerts(current, evaluation(first + i, [likely(value)]), POLICY);
    steps.push(step);
    current = step.states;
  });
  return steps;
}
const changes = (steps: CommitAlertStep[]) => steps.map((s) => s.transitions.map((t) => t.change).join(','));
const lastStates = (steps: CommitAlertStep[]) => steps.at(-1)?.states ?? [];

describe('commit alert state machine', () => {
  it('fires only on the second consecutive run over the threshold', () => {
    const steps = runs([1200, 1200, 1300, 1300]);
    assert.deepEqual(changes(steps), ['', 'fired', '', '']);
    const fired = steps[1]?.transitions[0];
    assert.equal(fired?.kind, 'overage-likely');
    assert.equal(fired?.id, `acme-cdn|2025-03|overage-likely|0|fired|${hour(1)}`);
    assert.equal(lastStates(steps)[0]?.firedAt, hour(1));
  });

  it('one run over and then back under mails nothing', () => {
    assert.deepEqual(changes(runs([1200, 900, 1200, 900])), ['', '', '', '']);
  });

  it('the threshold itself counts as reached', () => {
    assert.deepEqual(changes(runs([COMMIT, COMMIT])), ['', 'fired']);
  });

  it('clears only below threshold minus the margin, and also only after two runs', () => {
    const active = lastStates(runs([1200, 1200]));
    assert.deepEqual(
      changes(runs([970, 960, 951, 999], active, 2)),
      ['', '', '', ''],
      'inside the 5% margin: stays',
    );
    assert.deepEqual(changes(runs([940, 940], active, 2)), ['', 'cleared']);
    assert.deepEqual(
      changes(runs([940, 990, 940], active, 2)),
      ['', '', ''],
      'one run under the margin is not enough',
    );
    const cleared = lastStates(runs([940, 940], active, 2));
    assert.equal(cleared[0]?.status, 'clear');
    assert.equal(cleared[0]?.clearedAt, hour(3));
  });

  it('applying the same run again changes nothing and mails nothing', () => {
    const first = advanceCommitAlerts([], evaluation(0, [likely(1200)]), POLICY);
    const second = advanceCommitAlerts(first.states, evaluation(1, [likely(1200)]), POLICY);
    assert.equal(second.transitions.length, 1);
    const again = advanceCommitAlerts(second.states, evaluation(1, [likely(1200)]), POLICY);
    assert.deepEqual(again, { states: second.states, transitions: [] });
  });

  it('a re-delivered older run never moves the state back', () => {
    const active = lastStates(runs([1200, 1200]));
    const old = advanceCommitAlerts(active, evaluation(0, [likely(100)]), POLICY);
    const older = advanceCommitAlerts(old.states, evaluation(0, [likely(100)]), POLICY);
    assert.deepEqual(older, { states: active, transitions: [] });
  });

  it('a run that cannot judge (minimum-data guard) neither fires nor clears, and breaks the streak', () => {
    assert.deepEqual(changes(runs([1200, null, 1200])), ['', '', '']);
    const active = lastStates(runs([1200, 1200]));
    assert.deepEqual(changes(runs([null, null, null], active, 2)), ['', '', '']);
    assert.equal(lastStates(runs([null], active, 2))[0]?.status, 'active');
  });

  it('the number of confirming runs is configurable', () => {
    const step = advanceCommitAlerts([], evaluation(0, [likely(1200)]), { ...POLICY, confirmRuns: 1 });
    assert.deepEqual(
      step.transitions.map((t) => t.change),
      ['fired'],
    );
  });

  it('keeps one state per kind and band; each yen band fires on its own', () => {
    const signals = (p50: number): CommitSignal[] => [
      { kind: 'overage-likely', band: 0, value: p50, threshold: COMMIT },
      { kind: 'overage-started', band: 0, value: 800, threshold: COMMIT },
      { kind: 'overage-yen', band: 100_000, value: p50, threshold: 1100 },
      { kind: 'overage-yen', band: 500_000, value: p50, threshold: 1500 },
    ];
    const first = advanceCommitAlerts([], evaluation(0, signals(1200)), POLICY);
    const second = advanceCommitAlerts(first.states, evaluation(1, signals(1200)), POLICY);
    assert.deepEqual(
      second.transitions.map((t) => `${t.kind}:${t.band}`),
      ['overage-likely:0', 'overage-yen:100000'],
    );
    assert.equal(second.states.length, 4);
    const third = advanceCommitAlerts(second.states, evaluation(2, signals(1600)), POLICY);
    const fourth = advanceCommitAlerts(third.states, evaluation(3, signals(1600)), POLICY);
    assert.deepEqual(
      fourth.transitions.map((t) => `${t.kind}:${t.band}:${t.change}`),
      ['overage-yen:500000:fired'],
    );
  });

  it('states are valid stored documents', () => {
    for (const state of lastStates(runs([1200, 1200, 940]))) commitAlertStateSchema.parse(state);
  });
});
