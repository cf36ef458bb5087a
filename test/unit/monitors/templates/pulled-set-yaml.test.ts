import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type ApiMonitor, apiMonitorSchema } from '../../../../shared/mackerel/api/monitor-schema';
import { markMemo, unmarkedMemo } from '../../../../shared/monitors/model/managed-marker';
import { comparableDowntime, comparableMonitor } from '../../../../shared/monitors/plan/comparable';
import { namedScopes, type ServerDowntime } from '../../../../shared/monitors/plan/downtime-plan';
import { monitorNamesById } from '../../../../shared/monitors/plan/org-plan';
import { parseTemplateFolder } from '../../../../shared/monitors/templates/parse-template-folder';
import { pulledSetYaml } from '../../../../shared/monitors/templates/pulled-set-yaml';
import { renderOrg } from '../../../../shared/monitors/templates/render-org';
import { templateErrorText } from '../../../../shared/monitors/templates/template-error';
import { REPO_ROOT } from '../../../support/repo-root';

const DOCS = join(REPO_ROOT, 'test', 'fixtures', 'mackerel-api-docs');
const TYPES = ['host', 'connectivity', 'service', 'external', 'expression', 'anomaly-detection', 'query'];

/** The API docs' example of every type, as the server lists them, and the seed's unnamed connectivity. */
const SERVER: ApiMonitor[] = [
  ...TYPES.map((type, index) => ({
    ...apiMonitorSchema.parse(JSON.parse(readFileSync(join(DOCS, `monitor-${type}.json`), 'utf8'))),
    id: `mon-${index}`,
  })),
  apiMonitorSchema.parse({ id: 'mon-unnamed', type: 'connectivity', memo: '', isMute: false, scopes: [] }),
  apiMonitorSchema.parse({
    id: 'mon-ours',
    type: 'host',
    name: 'CPU usage',
    memo: markMemo('Runbook: wiki/cpu', 'baseline'),
    metric: 'cpu%',
    operator: '>',
    warning: 80,
    critical: null,
    duration: 5,
    maxCheckAttempts: 1,
    isMute: true,
  }),
  apiMonitorSchema.parse({ id: 'mon-new', type: 'someFutureType', name: 'future' }),
];

/** As the push's API lists them (the CLI passes these to pulledSetYaml). */
const DOWNTIMES: ServerDowntime[] = [
  {
    id: 'dt-1',
    name: 'Sunday maintenance',
    memo: markMemo('patching', 'baseline'),
    start: 1767463200,
    duration: 120,
    recurrence: { type: 'weekly', interval: 1, weekdays: ['Sunday'], until: 1798934400 },
    serviceScopes: [],
    roleScopes: ['Hatena-Blog: db'],
    monitorScopes: ['mon-ours', 'mon-unnamed'],
    monitorExcludeScopes: [],
  },
  { id: 'dt-2', name: 'Release night', memo: '', start: 1767700000, duration: 30 },
];

const names = monitorNamesById(SERVER);
const yaml = pulledSetYaml('acme', SERVER, DOWNTIMES, names);

function renderedPull() {
  const folder = parseTemplateFolder([{ path: 'monitors/sets/pulled-acme.yaml', text: yaml }]);
  const outcome = renderOrg(folder, { name: 'acme' });
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.errors.map(templateErrorText).join('\n'));
  return outcome;
}

const withoutMarker = <T extends { memo?: string | null | undefined }>(object: T) => ({
  ...object,
  memo: unmarkedMemo(object.memo),
});

describe('pulledSetYaml', () => {
  it('writes a set named pulled-<org>, without ids, defaults or our marker', () => {
    assert.match(yaml, /^set: pulled-acme$/m);
    assert.match(yaml, /^labels: \[\]$/m);
    assert.doesNotMatch(yaml, /\bid:/);
    assert.doesNotMatch(yaml, /msp-ops managed/);
    assert.doesNotMatch(yaml, /method: GET/, 'the API default is left out');
    assert.doesNotMatch(yaml, /certificationLimit/, 'not a key of the spec');
    assert.match(yaml, /name: connectivity # unnamed on the server/);
    assert.match(yaml, /1 monitor\(s\) of a type this tool does not know \(someFutureType\)/);
    assert.match(yaml, /start: 2026-01-04T03:00:00\+09:00/);
    assert.match(yaml, /monitorScopes: \[CPU usage, connectivity\]/);
  });

  it('renders back to the server monitors, minus ids and defaults', () => {
    const outcome = renderedPull();
    const known = SERVER.filter((m) => m.type !== 'someFutureType');
    assert.equal(outcome.monitors.length, known.length);
    known.forEach((server, index) => {
      const spec = outcome.monitors[index]?.spec;
      assert.ok(spec);
      assert.equal(outcome.monitors[index]?.set, 'pulled-acme');
      const expected = comparableMonitor(withoutMarker({ ...server, name: server.name ?? 'connectivity' }));
      assert.deepEqual(comparableMonitor(withoutMarker(spec)), expected, server.id);
    });
  });

  it('leaves keys at their defaults out of the rendered spec', () => {
    const outcome = renderedPull();
    const byName = new Map(outcome.monitors.map((m) => [m.spec.name, withoutMarker(m.spec)]));
    assert.deepEqual(byName.get('disk.aa-00.writes.delta'), {
      type: 'host',
      name: 'disk.aa-00.writes.delta',
      memo: 'This monitor is for Hatena Blog.',
      notificationInterval: 60,
      metric: 'disk.aa-00.writes.delta',
      operator: '>',
      warning: 20000,
      critical: 400000,
      duration: 3,
      maxCheckAttempts: 3,
      scopes: ['Hatena-Blog'],
      excludeScopes: ['Hatena-Bookmark: db-master'],
    });
    assert.deepEqual(byName.get('CPU usage'), {
      type: 'host',
      name: 'CPU usage',
      memo: 'Runbook: wiki/cpu',
      isMute: true,
      metric: 'cpu%',
      operator: '>',
      warning: 80,
      duration: 5,
    });
    assert.deepEqual(byName.get('anomaly detection'), {
      type: 'anomalyDetection',
      name: 'anomaly detection',
      memo: 'my anomaly detection for roles',
      scopes: ['myService: myRole'],
      warningSensitivity: 'insensitive',
    });
    const query = byName.get('cpu utilization');
    assert.equal(query?.type === 'query' ? query.legend : null, 'cpu.utilization {{k8s.node.name}}');
  });

  it('renders back to the server downtimes, monitor scopes by name', () => {
    const outcome = renderedPull();
    const withNames = new Map([...names, ['mon-unnamed', 'connectivity']]);
    assert.deepEqual(
      outcome.downtimes.map((d) => comparableDowntime(withoutMarker(d.spec))),
      DOWNTIMES.map((d) => comparableDowntime(withoutMarker(namedScopes(d, withNames)))),
    );
    assert.deepEqual(outcome.downtimes[0]?.spec.monitorScopes, ['CPU usage', 'connectivity']);
    assert.equal(outcome.downtimes[0]?.spec.recurrence?.until, 1798934400);
  });

  it('keeps an id no listed monitor has, with a note', () => {
    const text = pulledSetYaml(
      'acme',
      [],
      [{ id: 'd', name: 'Old', start: 0, duration: 5, monitorScopes: ['gone'] }],
      new Map(),
    );
    assert.match(text, /name: Old # names monitor ids the server did not list: gone/);
    assert.match(text, /monitorScopes: \[gone\]/);
  });
});
