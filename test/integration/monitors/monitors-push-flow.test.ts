/**
 * `msp-ops monitors diff|push` as an operator runs them: the CLI in its own process against the Firestore
 * emulator (org records, plans), the local Secret Manager (each org's key, read by the real client) and the
 * Mackerel stand-in, with a template folder on disk.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MackerelStandin } from '../../../local/mackerel/mackerel-standin';
import type { StandinSeed } from '../../../local/mackerel/standin-seed';
import { createLogger } from '../../../shared/kernel/log/logger';
import { apiKeySecretOf } from '../../../shared/mackerel/api/org-api-clients';
import { markMemo } from '../../../shared/monitors/model/managed-marker';
import { COLLECTIONS } from '../../../shared/platform/firestore/firestore-collections';
import { type CliBackends, startCliBackends } from '../../support/cli-harness';

const ORGS = Array.from({ length: 50 }, (_, i) => `org-${String(i + 1).padStart(2, '0')}`);
const FORBIDDEN = 'org-07';
const FLAKY = 'org-13';
const keyOf = (org: string) => `key-${org}-0123456789`;

const BASELINE = `set: baseline
description: every org
params:
  cpu_warning: 80
  runbook: https://rb.example
monitors:
  - type: host
    name: CPU usage
    metric: cpu%
    operator: ">"
    warning: "{{ params.cpu_warning }}"
    critical: 95
    duration: 5
    memo: "Runbook: {{ params.runbook }}/cpu ({{ org.name }})"
  - type: connectivity
    name: connectivity
  - type: external
    name: shop health
    url: https://{{ org.name }}.example.jp/health
    service: shop
    responseTimeWarning: 1000
    certificationExpirationWarning: 30
downtimes:
  - name: Sunday maintenance
    start: 2026-01-04T03:00:00+09:00
    duration: 60
    recurrence: { type: weekly, interval: 1, weekdays: [Sunday] }
    monitorScopes: [CPU usage]
`;
const DB = `set: db
labels: [db]
params:
  slow_queries: 10
monitors:
  - type: service
    name: slow queries
    service: shop
    metric: mysql.slow_queries
    operator: ">"
    warning: "{{ params.slow_queries }}"
    duration: 3
`;

/** Each org starts with a monitor of its own and one we pushed long ago that no template renders now. */
const seedOrg = (org: string) => ({
  name: org,
  displayName: org,
  apiKey: keyOf(org),
  readOnly: org === FORBIDDEN,
  monitors: [
    {
      id: `${org}-own`,
      type: 'host',
      name: 'Customer own',
      memo: 'theirs',
      metric: 'x',
      operator: '>',
      warning: 1,
      duration: 1,
    },
    {
      id: `${org}-old`,
      type: 'host',
      name: 'Old disk',
      memo: markMemo('', 'baseline'),
      metric: 'disk%',
      operator: '>',
      warning: 90,
      duration: 5,
    },
  ],
});

let cli: CliBackends;
let mackerel: MackerelStandin;
let dir: string;
let env: Record<string, string>;

const names = (org: string) =>
  mackerel
    .org(org)
    .monitors.list()
    .map((m) => m.name)
    .sort();
const writes = () => Object.fromEntries(ORGS.map((org) => [org, mackerel.org(org).monitorWrites]));

before(async () => {
  cli = await startCliBackends('monitors-push-flow');
  const seed = { orgs: ORGS.map(seedOrg) } as StandinSeed;
  mackerel = new MackerelStandin({ seed, port: 0, logger: createLogger({}, () => {}) });
  await mackerel.start();
  for (const org of ORGS) {
    await cli.addOrg(org);
    cli.secrets.setSecret(apiKeySecretOf(org), keyOf(org));
  }
  dir = await mkdtemp(join(tmpdir(), 'monitors-'));
  await mkdir(join(dir, 'monitors', 'sets'), { recursive: true });
  await mkdir(join(dir, 'monitors', 'orgs'), { recursive: true });
  await writeFile(join(dir, 'monitors', 'sets', 'baseline.yaml'), BASELINE);
  await writeFile(join(dir, 'monitors', 'sets', 'db.yaml'), DB);
  await writeFile(
    join(dir, 'monitors', 'orgs', 'org-02.yaml'),
    'labels: [db]\nparams: { cpu_warning: 90 }\n',
  );
  env = { MACKEREL_API_BASE_URL: mackerel.baseUrl };
});

after(async () => {
  await mackerel?.stop();
  await cli?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const monitorsDir = () => join(dir, 'monitors');

interface OrgJson {
  org: string;
  status: string;
  counts?: { create: number; update: number; wouldDelete: number } | null;
  applied?: { created: number; updated: number; deleted: number };
  error?: string | null;
  errors?: string[];
  steps?: Array<{ object: string; action: string; name: string; fields: string[] }>;
}
const run = async (args: string[]) => {
  const result = await cli.run(['monitors', ...args, '--dir', monitorsDir(), '--json'], { env });
  const parsed = JSON.parse(result.stdout) as { orgs: OrgJson[] };
  return { code: result.code, orgs: new Map(parsed.orgs.map((o) => [o.org, o])), stderr: result.stderr };
};

describe('monitors diff and push across 50 orgs', () => {
  it('diff: creates and would-deletes per org, nothing written, exit 3 with --exit-code', async () => {
    const diff = await run(['diff', '--all', '--exit-code']);
    assert.equal(diff.code, 3, diff.stderr);
    assert.equal(diff.orgs.size, 50);
    const counts = diff.orgs.get('org-01')?.counts;
    assert.equal(counts?.create, 4, '3 monitors and a downtime');
    assert.equal(counts?.update, 0);
    assert.equal(counts?.wouldDelete, 1, 'Old disk');
    assert.deepEqual(
      diff.orgs.get('org-01')?.steps?.map((step) => `${step.action} ${step.object} ${step.name}`),
      [
        'create monitor CPU usage',
        'create monitor connectivity',
        'create monitor shop health',
        'would-delete monitor Old disk',
        'create downtime Sunday maintenance',
      ],
    );
    assert.equal(diff.orgs.get('org-02')?.counts?.create, 5, 'the db set too');
    assert.deepEqual(
      Object.values(writes()),
      ORGS.map(() => 0),
    );
  });

  it('push: 49 applied, the read-only key reported, the 500 retried; nothing deleted without --prune', async () => {
    mackerel.injectFault({ org: FLAKY, count: 1, status: 500 });
    const push = await run(['push', '--all']);
    assert.equal(push.code, 1, 'one org failed');
    const applied = [...push.orgs.values()].filter((o) => o.status === 'applied').map((o) => o.org);
    assert.equal(applied.length, 49);
    assert.ok(applied.includes(FLAKY));
    const forbidden = push.orgs.get(FORBIDDEN);
    assert.equal(forbidden?.status, 'failed');
    assert.match(forbidden?.error ?? '', /403.*write permission/);
    assert.deepEqual(names('org-01'), [
      'CPU usage',
      'Customer own',
      'Old disk',
      'connectivity',
      'shop health',
    ]);
    assert.deepEqual(names(FORBIDDEN), ['Customer own', 'Old disk']);
    const cpu = mackerel
      .org('org-02')
      .monitors.list()
      .find((m) => m.name === 'CPU usage');
    assert.equal(cpu?.warning, 90, "org-02's own parameter");
    assert.equal(cpu?.memo, 'Runbook: https://rb.example/cpu (org-02)\n[msp-ops managed: baseline]');
    assert.equal(
      mackerel.org('org-01').downtimes.list()[0]?.monitorScopes?.[0],
      mackerel
        .org('org-01')
        .monitors.list()
        .find((m) => m.name === 'CPU usage')?.id,
      'a downtime names monitors by id',
    );
    const plans = await cli.db.collection(COLLECTIONS.monitorPlans).get();
    assert.equal(plans.size, 50, "every org's plan recorded, the failed one too");
  });

  it('a second push changes nothing', async () => {
    const before = writes();
    const push = await run(['push', '--all']);
    assert.equal(push.code, 1);
    assert.deepEqual(writes(), before);
    assert.equal(push.orgs.get('org-01')?.counts?.create, 0);
    assert.equal(push.orgs.get('org-01')?.counts?.update, 0);
    const diff = await run(['diff', '--org', 'org-01', '--org', 'org-02', '--exit-code']);
    assert.equal(diff.code, 0, 'no changes: exit 0');
  });

  it('diff in text: a threshold changed by hand, with the server and template values', async () => {
    const cpu = mackerel
      .org('org-05')
      .monitors.list()
      .find((m) => m.name === 'CPU usage');
    assert.ok(cpu);
    mackerel.org('org-05').monitors.put({ ...cpu, warning: 99 });
    const text = await cli.run(['monitors', 'diff', '--org', 'org-05', '--dir', monitorsDir()], { env });
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.split('\n');
    assert.ok(
      lines.includes('org-05: planned: 0 create, 1 update, 1 would-delete (not deleted)'),
      text.stdout,
    );
    assert.ok(lines.includes('  ~ monitor "CPU usage"'), text.stdout);
    assert.ok(lines.includes('      warning: 99 -> 80'), text.stdout);
    assert.ok(
      lines.includes('  - monitor "Old disk" (baseline): would be deleted with --prune'),
      text.stdout,
    );
    assert.equal((await run(['push', '--org', 'org-05'])).orgs.get('org-05')?.applied?.updated, 1);
  });

  it('--prune deletes only what carries the marker', async () => {
    const push = await run(['push', '--org', 'org-01', '--prune']);
    assert.equal(push.code, 0, push.stderr);
    assert.equal(push.orgs.get('org-01')?.applied?.deleted, 1);
    assert.deepEqual(names('org-01'), ['CPU usage', 'Customer own', 'connectivity', 'shop health']);
  });

  it("pull: the org's monitors and downtimes as a set file, ids and the marker left out", async () => {
    const pulled = await cli.run(['monitors', 'pull', '--org', 'org-01'], { env });
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.match(pulled.stdout, /^set: pulled-org-01$/m);
    assert.match(pulled.stdout, /name: CPU usage/);
    assert.match(pulled.stdout, /name: Customer own/);
    assert.match(pulled.stdout, /monitorScopes: \[CPU usage\]/, 'downtime scopes by name');
    assert.doesNotMatch(pulled.stdout, /\bid: /);
    assert.doesNotMatch(pulled.stdout, /msp-ops managed/);
  });

  it('a template error names file, YAML path and problem, and nothing is pushed for that org', async () => {
    await writeFile(join(monitorsDir(), 'orgs', 'org-03.yaml'), 'params: { cpu_warning: high }\n');
    const before = mackerel.org('org-03').monitorWrites;
    const push = await run(['push', '--org', 'org-03', '--org', 'org-04']);
    assert.equal(push.code, 1);
    const org3 = push.orgs.get('org-03');
    assert.equal(org3?.status, 'template-error');
    assert.match(org3?.errors?.join('\n') ?? '', /monitors\/orgs\/org-03\.yaml.*params\.cpu_warning/);
    assert.equal(mackerel.org('org-03').monitorWrites, before);
    assert.equal(push.orgs.get('org-04')?.status, 'applied');
    await rm(join(monitorsDir(), 'orgs', 'org-03.yaml'));
  });
});
