import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { firestoreHostInventory } from '../../../shared/alerting/adapters/firestore-host-inventory';
import { firestoreOrgAudits } from '../../../shared/audit/adapters/firestore-org-audits';
import { type CliBackends, startCliBackends } from '../../support/cli-harness';

let cli: CliBackends;
const AUDITED_AT = 1_767_225_600;

/** An org with an audit snapshot of `hosts` (id -> name). */
async function audited(
  org: string,
  hosts: Record<string, string>,
  facts: { status?: string; roles?: string[] } = {},
): Promise<void> {
  await firestoreOrgAudits(cli.db).put({
    org,
    snapshot: {
      takenAt: AUDITED_AT,
      baselineAt: AUDITED_AT - 86_400,
      hosts: Object.fromEntries(
        Object.entries(hosts).map(([id, name]) => [id, { name, firstSeenAt: AUDITED_AT - 3600, ...facts }]),
      ),
    },
    failureStreak: null,
    findings: [],
    lastRoundAt: AUDITED_AT,
    lastAuditedAt: AUDITED_AT,
    billable: Object.keys(hosts).length,
  });
}

/** A host as the router's inventory keeps it from host events. */
async function known(
  org: string,
  hostId: string,
  name: string,
  status: string,
  retired = false,
): Promise<void> {
  const at = '2026-01-01T00:00:00.000Z';
  await firestoreHostInventory(cli.db).put(
    org,
    {
      version: 1,
      org,
      hostId,
      name,
      status,
      roles: ['shop:web'],
      retired,
      retiredAt: retired ? at : null,
      registeredAt: at,
      lastEvent: 'hostStatus',
      lastEventAt: at,
      lastDedupKey: `k-${hostId}`,
      updatedAt: at,
    },
    undefined,
  );
}

before(async () => {
  cli = await startCliBackends();
  for (const name of ['acme', 'beta', 'gamma', 'delta']) {
    await cli.addOrg(name);
  }
  // Known to the audit only, with the status and roles its round saw.
  await audited('delta', { h7: 'batch-01' }, { status: 'standby', roles: ['jobs:batch', 'jobs:cron'] });
  await audited('acme', { h1: 'web-01', h2: 'db-01' });
  await audited('beta', { h3: 'WEB-02', h4: 'cache-01' });
  await known('acme', 'h1', 'web-01', 'maintenance');
  // Registered since the last audit round: only the router knows it.
  await known('acme', 'h5', 'web-new', 'working');
  await known('beta', 'h4', 'cache-01', 'poweroff');
  // gamma has never been audited.
  await known('gamma', 'h6', 'web-gamma', 'standby', true);
});
after(() => cli?.stop());

const resultSchema = z.object({
  hits: z.array(
    z.object({
      org: z.string(),
      hostId: z.string(),
      name: z.string(),
      status: z.string().nullable(),
      source: z.string(),
    }),
  ),
  auditSnapshots: z.number(),
  routerInventories: z.number(),
});

const search = async (...args: string[]) => resultSchema.parse(await cli.json(['hosts', 'search', ...args]));
const rows = (result: z.infer<typeof resultSchema>) =>
  result.hits.map((h) => `${h.org}/${h.name}/${h.status ?? '-'}/${h.source}`);

describe('msp-ops hosts search', () => {
  it('finds a substring in any case across every org, saying where each fact came from', async () => {
    const result = await search('web');
    assert.deepEqual(rows(result), [
      'acme/web-01/maintenance/audit+router',
      'acme/web-new/working/router',
      'beta/WEB-02/-/audit',
      'gamma/web-gamma/retired/router',
    ]);
    assert.equal(result.auditSnapshots, 3);
    // acme and beta had hits in their snapshots, gamma was never audited.
    assert.equal(result.routerInventories, 3);
  });

  it('matches a glob anchored and case-sensitive, filters by status, and reads only one org when asked', async () => {
    assert.deepEqual(rows(await search('web-0?')), ['acme/web-01/maintenance/audit+router']);
    assert.deepEqual(rows(await search('*', '--status', 'maintenance')), [
      'acme/web-01/maintenance/audit+router',
    ]);
    const table = await cli.run(['hosts', 'search', 'cache', '--org', 'beta']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(
      table.stdout,
      /^beta\s+cache-01\s+h4\s+poweroff\s+shop:web\s+2026-01-01 08:00 JST\s+audit\+router$/m,
    );
    assert.match(table.stdout, /1 host\(s\); 1 audit snapshot\(s\) searched, 1 router inventory read/);
  });

  it("shows status and roles of hosts only the audit knows, from the audit's host index", async () => {
    const result = await cli.json(['hosts', 'search', 'batch']);
    const hit = z.object({
      hits: z.array(z.looseObject({ status: z.string(), roles: z.array(z.string()) })),
    });
    assert.deepEqual(
      hit.parse(result).hits.map((h) => [h.status, h.roles]),
      [['standby', ['jobs:batch', 'jobs:cron']]],
    );
  });

  it('refuses a pattern that is not a glob with exit 2', async () => {
    const result = await cli.run(['hosts', 'search', 'web\\']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /<pattern>: a glob must not end with a lone backslash/);
  });
});
