import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DowntimeSpec } from '../../../../shared/mackerel/api/downtime-spec';
import { markMemo } from '../../../../shared/monitors/model/managed-marker';
import { planDowntimes } from '../../../../shared/monitors/plan/downtime-plan';

const sunday = (extra: Partial<DowntimeSpec> = {}): DowntimeSpec => ({
  name: 'Sunday maintenance',
  memo: markMemo('', 'baseline'),
  start: 1_767_463_200,
  duration: 60,
  recurrence: { type: 'weekly', interval: 1, weekdays: ['Sunday'] },
  serviceScopes: ['shop'],
  monitorScopes: ['CPU usage'],
  ...extra,
});

const names = new Map([
  ['m1', 'CPU usage'],
  ['m2', 'Memory'],
]);

describe('planDowntimes', () => {
  it('compares monitor scopes by name: the server lists ids', () => {
    const server = { id: 'd1', ...sunday(), monitorScopes: ['m1'], roleScopes: [] };
    const plan = planDowntimes([{ set: 'baseline', spec: sunday() }], [server], names);
    assert.deepEqual(
      plan.steps.map((s) => s.action),
      ['unchanged'],
    );
  });

  it('sees a changed recurrence, duration and monitor scope', () => {
    const server = {
      id: 'd1',
      ...sunday({ duration: 30, recurrence: { type: 'weekly', interval: 2, weekdays: ['Sunday'] } }),
      monitorScopes: ['m2'],
    };
    const step = planDowntimes([{ set: 'baseline', spec: sunday() }], [server], names).steps[0];
    assert.ok(step?.action === 'update');
    assert.deepEqual(
      step.changes.map((c) => [c.field, c.server, c.template]),
      [
        ['duration', 30, 60],
        ['recurrence', { type: 'weekly', interval: 2, weekdays: ['Sunday'] }, sunday().recurrence],
        ['monitorScopes', ['Memory'], ['CPU usage']],
      ],
    );
  });

  it('lists a managed downtime no template has as would-delete, and leaves a hand-made one', () => {
    const mine = { id: 'd1', ...sunday({ name: 'Old window' }) };
    const theirs = { id: 'd2', ...sunday({ name: 'Customer window', memo: 'theirs' }) };
    const plan = planDowntimes([], [mine, theirs], names);
    assert.deepEqual(plan.wouldDelete, [{ id: 'd1', name: 'Old window', set: 'baseline' }]);
    assert.equal(plan.unmanaged, 1);
  });
});
