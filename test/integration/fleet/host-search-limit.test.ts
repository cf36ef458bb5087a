import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { firestoreOrgAudits } from '../../../shared/audit/adapters/firestore-org-audits';
import { searchHosts } from '../../../shared/fleet/adapters/host-search';
import { firestoreOrgs } from '../../../shared/orgs/adapters/firestore-orgs';
import { orgRecordSchema } from '../../../shared/orgs/org-record';
import { type FlowBackends, startFlowBackends } from '../../support/flow-backends';

/** Host search with a limit (the console's): the first hits exact, later orgs counted from the snapshot. */
let backends: FlowBackends;
const AT = 1_767_225_600;
const ORGS = ['lim-a', 'lim-b', 'lim-c', 'lim-d'];

before(async () => {
  backends = await startFlowBackends();
  for (const org of ORGS) {
    await firestoreOrgs(backends.db).upsert(
      orgRecordSchema.parse({
        name: org,
        displayName: org,
        enabled: true,
        language: 'ja',
        createdAt: '2026-01-01T00:00:00Z',
      }),
    );
    const hosts = Object.fromEntries(
      [1, 2].map((n) => [`${org}-h${n}`, { name: `db-0${n}.${org}`, firstSeenAt: AT, status: 'working' }]),
    );
    await firestoreOrgAudits(backends.db).put({
      org,
      snapshot: { takenAt: AT, baselineAt: AT, hosts },
      failureStreak: null,
      findings: [],
      lastRoundAt: AT,
      lastAuditedAt: AT,
      billable: 2,
    });
  }
});

after(async () => {
  await backends?.stop();
});

describe('searchHosts with a limit', () => {
  it('returns the first hits by org and name, reads the router only up to the org that fills them, counts all', async () => {
    const limited = await searchHosts(backends.db, { pattern: 'db-*', limit: 3 });
    assert.deepEqual(
      limited.hits.map((h) => h.name),
      ['db-01.lim-a', 'db-02.lim-a', 'db-01.lim-b'],
    );
    assert.equal(limited.matched, 8);
    assert.equal(limited.routerInventories, 2, 'lim-a and lim-b, which fill the 3');
    const all = await searchHosts(backends.db, { pattern: 'db-*' });
    assert.equal(all.hits.length, 8);
    assert.equal(all.routerInventories, 4);
    assert.deepEqual(
      all.hits.slice(0, 3).map((h) => h.hostId),
      limited.hits.map((h) => h.hostId),
    );
  });

  it('reads every org with a hit when filtering by status (only the router knows it for sure)', async () => {
    const working = await searchHosts(backends.db, { pattern: 'db-01.*', status: 'working', limit: 1 });
    assert.equal(working.routerInventories, 4);
    assert.deepEqual(
      working.hits.map((h) => h.org),
      ['lim-a'],
    );
    assert.equal(working.matched, 4);
  });
});
