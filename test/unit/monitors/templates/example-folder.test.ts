import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MONITOR_TYPES } from '../../../../shared/mackerel/api/monitor-spec';
import { readTemplateFolder } from '../../../../shared/monitors/adapters/read-template-folder';
import { parseTemplateFolder } from '../../../../shared/monitors/templates/parse-template-folder';
import { renderOrg } from '../../../../shared/monitors/templates/render-org';
import { templateErrorText } from '../../../../shared/monitors/templates/template-error';
import { REPO_ROOT } from '../../../support/repo-root';

const DIR = join(REPO_ROOT, 'monitors');

/** The example folder, rendered for the local demo's orgs (local/mackerel/seed.json). */
async function renderedExample(org: { name: string; displayName?: string }) {
  const folder = parseTemplateFolder(await readTemplateFolder(DIR));
  assert.deepEqual(folder.errors.map(templateErrorText), []);
  const outcome = renderOrg(folder, org);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.errors.map(templateErrorText).join('\n'));
  return outcome;
}

describe('the example template folder (monitors/)', () => {
  it('reads every file, named from the folder itself', async () => {
    const paths = (await readTemplateFolder(DIR)).map((f) => f.path);
    for (const path of ['monitors/sets/baseline.yaml', 'monitors/orgs/demo.yaml', 'monitors/README.md']) {
      assert.ok(paths.includes(path), path);
    }
  });

  it('renders for demo and acme, covering all seven monitor types between them', async () => {
    const demo = await renderedExample({ name: 'demo', displayName: 'Demo customer' });
    const acme = await renderedExample({ name: 'acme', displayName: 'ACME Corporation' });
    const types = new Set([...demo.monitors, ...acme.monitors].map((m) => m.spec.type));
    assert.deepEqual([...types].sort(), [...MONITOR_TYPES].sort());
    assert.deepEqual(
      demo.monitors.map((m) => `${m.set}/${m.spec.name}`),
      [
        'baseline/Host connectivity',
        'baseline/CPU usage',
        'baseline/Memory usage',
        'baseline/Disk usage',
        'baseline/Load average',
        'db/Slow queries',
        'db/DB role anomaly',
        'web/Site health',
        'web/Web role load average',
      ],
    );
    const anomaly = demo.monitors.find((m) => m.spec.type === 'anomalyDetection')?.spec;
    assert.deepEqual(anomaly?.type === 'anomalyDetection' ? anomaly.scopes : null, ['shop: db']);
    assert.ok(!acme.monitors.some((m) => m.spec.name === 'Memory usage'), 'acme excludes it');
    const expression = acme.monitors.find((m) => m.spec.type === 'expression')?.spec;
    assert.equal(
      expression?.type === 'expression' ? expression.expression : null,
      'avg(roleSlots("portal:app", "loadavg5"))',
    );
    assert.deepEqual(demo.downtimes[0]?.spec.recurrence?.weekdays, ['Sunday', 'Wednesday']);
  });

  it('renders the baseline alone for an org without a file', async () => {
    const self = await renderedExample({ name: 'msp-self' });
    assert.deepEqual(new Set(self.monitors.map((m) => m.set)), new Set(['baseline']));
    assert.equal(self.downtimes.length, 1);
  });

  it('refuses a missing folder with its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'templates-'));
    try {
      await assert.rejects(readTemplateFolder(join(dir, 'monitors')), (error: Error) =>
        error.message.includes(join(dir, 'monitors')),
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
