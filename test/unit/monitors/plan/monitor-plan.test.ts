import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiMonitor } from '../../../../shared/mackerel/api/monitor-schema';
import type { MonitorSpec } from '../../../../shared/mackerel/api/monitor-spec';
import { markMemo } from '../../../../shared/monitors/model/managed-marker';
import { planMonitors } from '../../../../shared/monitors/plan/monitor-plan';
import { countsText, hasChanges, planCounts, planOrg } from '../../../../shared/monitors/plan/org-plan';

const cpu = (extra: Partial<Extract<MonitorSpec, { type: 'host' }>> = {}): MonitorSpec => ({
  type: 'host',
  name: 'CPU usage',
  memo: markMemo('Runbook: https://rb.example/cpu', 'baseline'),
  metric: 'cpu%',
  operator: '>',
  warning: 80,
  critical: 95,
  duration: 5,
  scopes: ['shop: web', 'shop: db'],
  ...extra,
});

/** As Mackerel answers it: an id, and every default written out. */
const onServer = (spec: MonitorSpec, id: string, extra: Record<string, unknown> = {}): ApiMonitor => ({
  id,
  isMute: false,
  maxCheckAttempts: 1,
  excludeScopes: [],
  ...spec,
  ...extra,
});

const desired = (spec: MonitorSpec, set = 'baseline') => ({ set, spec });

describe('planMonitors', () => {
  it('creates what the server lacks', () => {
    const plan = planMonitors([desired(cpu())], []);
    assert.deepEqual(
      plan.steps.map((s) => [s.action, s.desired.name]),
      [['create', 'CPU usage']],
    );
  });

  it('sees no change when only ids, API defaults and scope order differ', () => {
    const server = onServer(cpu(), 'm1', { scopes: ['shop:db', 'shop: web'], newServerKey: 'x' });
    const plan = planMonitors([desired(cpu())], [server]);
    assert.deepEqual(
      plan.steps.map((s) => s.action),
      ['unchanged'],
    );
  });

  it('updates a changed threshold and names the field, server value and template value', () => {
    const plan = planMonitors([desired(cpu({ warning: 90 }))], [onServer(cpu(), 'm1')]);
    const [step] = plan.steps;
    assert.equal(step?.action, 'update');
    assert.ok(step?.action === 'update');
    assert.deepEqual(step.changes, [{ field: 'warning', server: 80, template: 90 }]);
    assert.equal(step.id, 'm1');
    assert.equal(step.adopts, false);
  });

  it('compares every field kind: null thresholds, booleans, lists, strings, numbers', () => {
    const server = onServer(cpu(), 'm1', { isMute: true, excludeScopes: ['shop: batch'] });
    const plan = planMonitors([desired(cpu({ critical: null, duration: 3, metric: 'loadavg5' }))], [server]);
    const step = plan.steps[0];
    assert.ok(step?.action === 'update');
    assert.deepEqual(
      step.changes.map((c) => c.field),
      ['isMute', 'metric', 'critical', 'duration', 'excludeScopes'],
    );
    assert.deepEqual(
      step.changes.find((c) => c.field === 'excludeScopes'),
      { field: 'excludeScopes', server: ['shop: batch'], template: [] },
      'a key left out of the template goes back to the default',
    );
  });

  it('keeps header order (not a set) and sees a header added', () => {
    const ext = (headers: Array<{ name: string; value: string }>): MonitorSpec => ({
      type: 'external',
      name: 'shop health',
      url: 'https://shop.example/health',
      headers,
    });
    const a = { name: 'A', value: '1' };
    const b = { name: 'B', value: '2' };
    const plan = planMonitors([desired(ext([a, b]))], [onServer(ext([b, a]), 'e1')]);
    assert.equal(plan.steps[0]?.action, 'update');
    const same = planMonitors([desired(ext([a, b]))], [onServer(ext([a, b]), 'e1')]);
    assert.equal(same.steps[0]?.action, 'unchanged');
  });

  it('adopts a monitor made by hand with a template name (the update adds the marker)', () => {
    const hand = onServer(cpu({ memo: 'made by hand' }), 'm9');
    const step = planMonitors([desired(cpu())], [hand]).steps[0];
    assert.ok(step?.action === 'update');
    assert.equal(step.adopts, true);
    assert.deepEqual(
      step.changes.map((c) => c.field),
      ['memo'],
    );
  });

  it('refuses to guess between two server monitors of one name', () => {
    const plan = planMonitors([desired(cpu())], [onServer(cpu(), 'm1'), onServer(cpu(), 'm2')]);
    const step = plan.steps[0];
    assert.ok(step?.action === 'conflict');
    assert.deepEqual(step.ids, ['m1', 'm2']);
    assert.match(step.problem, /2 objects named "CPU usage"/);
  });

  it('replaces a managed monitor whose type changed, and refuses a hand-made one', () => {
    const asService: MonitorSpec = {
      type: 'service',
      name: 'CPU usage',
      service: 'shop',
      metric: 'cpu',
      operator: '>',
      warning: 1,
      duration: 1,
    };
    assert.equal(planMonitors([desired(asService)], [onServer(cpu(), 'm1')]).steps[0]?.action, 'replace');
    const hand = onServer(cpu({ memo: '' }), 'm1');
    const step = planMonitors([desired(asService)], [hand]).steps[0];
    assert.ok(step?.action === 'conflict');
    assert.match(
      step.problem,
      /host monitor on the server and a service monitor in the templates; it was made by hand/,
    );
  });

  it('lists only managed monitors as would-delete; hand-made, unnamed and unknown types are left alone', () => {
    const old = onServer(cpu({ name: 'Old disk' }), 'm3');
    const hand = onServer(cpu({ name: 'Customer own', memo: 'theirs' }), 'm4');
    const unnamed: ApiMonitor = { id: 'c1', type: 'connectivity', memo: '' };
    const future: ApiMonitor = { id: 'f1', type: 'somethingNew', name: 'x', memo: markMemo('', 'baseline') };
    const plan = planMonitors([desired(cpu())], [old, hand, unnamed, future]);
    assert.deepEqual(plan.wouldDelete, [{ id: 'm3', name: 'Old disk', set: 'baseline' }]);
    assert.equal(plan.unmanaged, 3);
  });
});

describe('org plan counts', () => {
  it('says N create, N update, N would-delete (not deleted), and prune changes the words', () => {
    const plan = planOrg(
      { monitors: [desired(cpu()), desired(cpu({ name: 'Memory', metric: 'memory%' }))], downtimes: [] },
      {
        monitors: [onServer(cpu({ warning: 70 }), 'm1'), onServer(cpu({ name: 'Old' }), 'm2')],
        downtimes: [],
      },
    );
    const counts = planCounts(plan);
    assert.equal(countsText(counts, false), '1 create, 1 update, 1 would-delete (not deleted)');
    assert.equal(countsText(counts, true), '1 create, 1 update, 1 delete');
    assert.equal(hasChanges(counts, false), true);
    const onlyDeletes = { ...counts, create: 0, update: 0 };
    assert.equal(hasChanges(onlyDeletes, false), false, 'a would-delete alone is no change to push');
    assert.equal(hasChanges(onlyDeletes, true), true);
  });
});
