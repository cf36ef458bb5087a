import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DRIFT_CHECK_EVERY_SECONDS, driftCheckDue } from '../../../../shared/audit/drift-check-due';
import type { MonitorSpec } from '../../../../shared/mackerel/api/monitor-spec';
import { monitorDrift } from '../../../../shared/monitors/drift/monitor-drift';
import { markMemo } from '../../../../shared/monitors/model/managed-marker';

const spec = (name: string, warning = 80): MonitorSpec => ({
  type: 'host',
  name,
  memo: markMemo('', 'baseline'),
  metric: 'cpu%',
  operator: '>',
  warning,
  duration: 5,
});
const desired = ['CPU', 'Disk', 'Load', 'Memory', 'Swap'].map((name) => ({
  set: 'baseline',
  spec: spec(name),
}));

describe('monitorDrift', () => {
  it('finds missing, changed, muted and duplicated monitors, sorted by name; the rest is quiet', () => {
    const server = [
      { id: 'a', ...spec('CPU', 95) },
      { id: 'b', ...spec('Disk'), isMute: true },
      { id: 'c', ...spec('Load') },
      { id: 'd', ...spec('Swap') },
      { id: 'e', ...spec('Swap') },
      { id: 'f', ...spec('Customer own') },
    ];
    assert.deepEqual(monitorDrift(desired, server), [
      { monitor: 'CPU', problem: 'changed', fields: ['warning'] },
      { monitor: 'Disk', problem: 'muted', fields: ['isMute'] },
      { monitor: 'Memory', problem: 'missing', fields: [] },
      { monitor: 'Swap', problem: 'duplicated', fields: [] },
    ]);
  });

  it('is empty when the server is as the templates say', () => {
    const server = desired.map(({ spec: s }, i) => ({ id: `m${i}`, isMute: false, ...s }));
    assert.deepEqual(monitorDrift(desired, server), []);
  });
});

describe('driftCheckDue', () => {
  const now = 2_000_000_000;
  it('checks daily, after a push, on request, and never without a plan', () => {
    assert.equal(driftCheckDue('round', now - 3600, now - 86_400 * 3, now), false, 'checked an hour ago');
    assert.equal(driftCheckDue('round', now - DRIFT_CHECK_EVERY_SECONDS, now - 86_400 * 3, now), true);
    assert.equal(driftCheckDue('round', now - 3600, now - 60, now), true, 'pushed since the last check');
    assert.equal(driftCheckDue('on-demand', now - 60, now - 86_400, now), true);
    assert.equal(driftCheckDue('round', null, now - 86_400, now), true, 'never checked');
    assert.equal(driftCheckDue('on-demand', null, null, now), false, 'never pushed');
  });
});
