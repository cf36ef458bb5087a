import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { managedSetOf, unmarkedMemo } from '../../../../shared/monitors/model/managed-marker';
import { renderOrg } from '../../../../shared/monitors/templates/render-org';
import { BASE, DB, folderOf, rendered, renderFiles } from './template-fixtures';

describe('renderOrg', () => {
  it('keeps a whole-value placeholder typed and interpolates text', () => {
    const outcome = rendered({ 'sets/base.yaml': BASE });
    const [cpu, connectivity] = outcome.monitors;
    assert.deepEqual(cpu?.spec, {
      type: 'host',
      name: 'CPU usage',
      memo: 'Runbook: https://rb.example/cpu (demo, Demo customer) at 80%\n[msp-ops managed: base]',
      isMute: false,
      metric: 'cpu%',
      operator: '>',
      warning: 80,
      critical: 95,
      duration: 5,
      scopes: ['shop'],
    });
    assert.deepEqual(cpu?.source, { file: 'monitors/sets/base.yaml', path: 'monitors[0]' });
    assert.equal(cpu?.set, 'base');
    assert.deepEqual(connectivity?.spec, {
      type: 'connectivity',
      name: 'Connectivity',
      memo: '[msp-ops managed: base]',
    });
  });

  it('renders downtimes with start in epoch seconds and monitor scopes as names', () => {
    const outcome = rendered({ 'sets/base.yaml': BASE });
    assert.deepEqual(outcome.downtimes, [
      {
        set: 'base',
        source: { file: 'monitors/sets/base.yaml', path: 'downtimes[0]' },
        spec: {
          name: 'Sunday maintenance',
          memo: '[msp-ops managed: base]',
          start: Date.parse('2026-01-03T18:00:00Z') / 1000,
          duration: 60,
          recurrence: { type: 'weekly', interval: 1, weekdays: ['Sunday'] },
          monitorScopes: ['CPU usage'],
        },
      },
    ]);
  });

  it('accepts epoch seconds and an ISO recurrence end', () => {
    const set = BASE.replace('start: 2026-01-04T03:00:00+09:00', 'start: 1767463200').replace(
      'weekdays: [Sunday] }',
      'weekdays: [Sunday], until: "2026-12-31T00:00:00Z" }',
    );
    const [downtime] = rendered({ 'sets/base.yaml': set }).downtimes;
    assert.equal(downtime?.spec.start, 1767463200);
    assert.equal(downtime?.spec.recurrence?.until, Date.parse('2026-12-31T00:00:00Z') / 1000);
  });

  it("overrides defaults from the org file, keeping each parameter's type", () => {
    const outcome = rendered({
      'sets/base.yaml': BASE,
      'orgs/demo.yaml': 'params: { cpu_warning: 90.5, scopes: [shop, "shop: web"], mute: true }\n',
    });
    const cpu = outcome.monitors[0]?.spec;
    assert.equal(cpu?.type, 'host');
    if (cpu?.type !== 'host') return;
    assert.equal(cpu.warning, 90.5);
    assert.deepEqual(cpu.scopes, ['shop', 'shop: web']);
    assert.equal(cpu.isMute, true);
    assert.match(cpu.memo ?? '', /at 90\.5%/);
  });

  it('uses the org name for org.displayName when the org has none', () => {
    const set = 'set: s\nmonitors:\n  - { type: connectivity, name: "{{ org.displayName }} ping" }\n';
    const outcome = renderOrg(folderOf({ 'sets/s.yaml': set }), { name: 'acme' });
    assert.equal(outcome.ok ? outcome.monitors[0]?.spec.name : outcome.errors, 'acme ping');
  });

  it('selects the sets whose labels the org carries, in set name order', () => {
    const files = { 'sets/base.yaml': BASE, 'sets/db.yaml': DB };
    assert.deepEqual(
      rendered(files).monitors.map((m) => m.spec.name),
      ['CPU usage', 'Connectivity'],
      'no org file: only the sets without labels',
    );
    const withDb = rendered({ ...files, 'orgs/demo.yaml': 'labels: [db, web]\nparams: { slow: 20 }\n' });
    assert.deepEqual(
      withDb.monitors.map((m) => [m.set, m.spec.name]),
      [
        ['base', 'CPU usage'],
        ['base', 'Connectivity'],
        ['db', 'Slow queries'],
      ],
    );
    const slow = withDb.monitors[2]?.spec;
    assert.equal(slow?.type === 'service' ? slow.warning : null, 20);
  });

  it("leaves out what the org file excludes, by the template's name", () => {
    const outcome = rendered({
      'sets/base.yaml': BASE.replace('    monitorScopes: [CPU usage]\n', ''),
      'orgs/demo.yaml': 'exclude: [CPU usage, Sunday maintenance]\n',
    });
    assert.deepEqual(
      outcome.monitors.map((m) => m.spec.name),
      ['Connectivity'],
    );
    assert.deepEqual(outcome.downtimes, []);
  });

  it('renders nothing for an org with skip: true, even with a broken set', () => {
    const outcome = renderFiles({
      'sets/base.yaml': BASE,
      'sets/bad.yaml': 'set: bad\nmonitors:\n  - { type: host, name: x, thresold: 1 }\n',
      'orgs/demo.yaml': 'skip: true\n',
    });
    assert.deepEqual(outcome, { ok: true, org: 'demo', skipped: true, monitors: [], downtimes: [] });
  });

  it('reads an empty org file as no file', () => {
    const outcome = rendered({ 'sets/base.yaml': BASE, 'orgs/demo.yaml': '# nothing yet\n' });
    assert.equal(outcome.skipped, false);
    assert.equal(outcome.monitors.length, 2);
  });

  it("appends the set's marker to every memo, after the template's memo", () => {
    const outcome = rendered({ 'sets/base.yaml': BASE });
    for (const object of [...outcome.monitors, ...outcome.downtimes]) {
      assert.equal(managedSetOf(object.spec.memo), 'base');
    }
    assert.equal(
      unmarkedMemo(outcome.monitors[0]?.spec.memo),
      'Runbook: https://rb.example/cpu (demo, Demo customer) at 80%',
    );
  });

  it('leaves non-placeholder braces alone (a query legend label)', () => {
    const set = `set: q
monitors:
  - type: query
    name: CPU
    query: container.cpu.utilization
    legend: "cpu {{k8s.node.name}} of {{ org.name }}"
    operator: ">"
    warning: 70
`;
    const spec = rendered({ 'sets/q.yaml': set }).monitors[0]?.spec;
    assert.equal(spec?.type === 'query' ? spec.legend : null, 'cpu {{k8s.node.name}} of demo');
  });
});
