import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditObservation } from '../../../shared/audit/audit-observation';
import type { OrgAuditDeps } from '../../../shared/audit/org-audit-ports';
import { runOrgAudit } from '../../../shared/audit/run-org-audit';
import { TOPICS } from '../../../shared/kernel/topology';
import { notificationMessageSchema } from '../../../shared/notify/message/notification-message';
import type { ProbeRoundRecord } from '../../../shared/probes/probe-round-record';
import { captureLogs } from '../../support/capture-logs';
import { InMemoryOrgAuditStore } from '../../support/fakes/in-memory-org-audit-store';
import { InMemoryProbeRounds } from '../../support/fakes/in-memory-probe-stores';
import { InMemoryPublisher } from '../../support/fakes/in-memory-publisher';
import { acmeOrg } from '../../support/router-world';

const PREFIX = 'https://hooks.msp.example/hooks/mackerel/';
const SETTINGS = {
  webhookUrlPrefix: PREFIX,
  recipients: { to: ['ops@msp.example'], cc: [] },
  language: 'en' as const,
};

const hostOf = (id: string, address: string) => ({
  id,
  name: id,
  status: 'working',
  createdAt: 1_767_225_600,
  isRetired: false,
  roles: [],
  addresses: [address],
});

function world(observation: () => AuditObservation) {
  const store = new InMemoryOrgAuditStore();
  const publisher = new InMemoryPublisher();
  const logs = captureLogs();
  const posted: unknown[][] = [];
  let now = new Date('2026-11-22T01:00:00Z');
  const orgs = [acmeOrg({ hostQuota: { warn: 2, max: 3 } }), acmeOrg({ name: 'beta-stg', enabled: false })];
  const deps: OrgAuditDeps = {
    orgs: { list: async () => orgs, get: async (name) => orgs.find((o) => o.name === name) },
    store,
    observe: async () => observation(),
    publisher,
    health: {
      eventsRoutedSince: async () => 42,
      backlogSize: async () => 0,
      deadLettersByTopic: async () => ({ notifications: 1 }),
    },
    postSelfWatch: async (points) => {
      posted.push(points);
    },
    logger: logs.logger,
    now: () => now,
  };
  const mails = () =>
    publisher.published
      .filter((m) => m.topic === TOPICS.notifications)
      .map((m) => notificationMessageSchema.parse(JSON.parse(m.data.toString('utf8'))));
  const later = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return { deps, store, publisher, posted, mails, later, logs, now: () => now };
}

const round = { reason: 'round' as const, org: 'acme-prod', roundStartedAt: '2026-11-22T01:00:00Z' };
const channels = [
  { id: 'c', name: 'ops', type: 'webhook', url: `${PREFIX}t`, events: ['alert'], suspendedAt: null },
];

describe('runOrgAudit', () => {
  it('fans out one message per enabled org and posts the self-watch metrics', async () => {
    const w = world(() => ({ kind: 'ok', orgName: 'acme-prod', hosts: [], channels }));
    assert.deepEqual(await runOrgAudit(w.deps, SETTINGS, { reason: 'schedule' }, 'c1'), {
      kind: 'fanned-out',
      orgs: 1,
    });
    const fanned = w.publisher.published.filter((m) => m.topic === TOPICS.auditRequests);
    assert.deepEqual(
      fanned.map((m) => JSON.parse(m.data.toString('utf8')).org),
      ['acme-prod'],
    );
    assert.equal(w.posted.length, 1);
    assert.ok(JSON.stringify(w.posted[0]).includes('msp-pipeline.intake.events_accepted_last_hour'));
  });

  it('a self-watch post that fails is logged, and the round still fans out', async () => {
    const w = world(() => ({ kind: 'ok', orgName: 'acme-prod', hosts: [], channels }));
    w.deps.postSelfWatch = async () => {
      throw new Error('mackerel down');
    };
    assert.equal((await runOrgAudit(w.deps, SETTINGS, { reason: 'schedule' }, 'c1')).kind, 'fanned-out');
  });

  it('dying after the mail was published, before the state was stored: the redelivery mails the same id', async () => {
    let hosts = [hostOf('h1', '10.0.0.1')];
    const w = world(() => ({ kind: 'ok', orgName: 'acme-prod', hosts, channels }));
    await runOrgAudit(w.deps, SETTINGS, round, 'c1'); // baseline
    hosts = [...hosts, hostOf('h2', '10.0.0.2'), hostOf('h3', '10.0.0.3'), hostOf('h4', '10.0.0.4')];
    w.later(3_600_000);
    w.store.failNextPut = true;
    await assert.rejects(runOrgAudit(w.deps, SETTINGS, round, 'c2'), /died/);
    w.later(10_000);
    await runOrgAudit(w.deps, SETTINGS, round, 'c2');
    const ids = w.mails().map((n) => n.id);
    assert.equal(ids.length, 2, 'published twice');
    assert.equal(new Set(ids).size, 1, 'with one id: the mailer sends it once');
    w.later(3_600_000);
    await runOrgAudit(w.deps, SETTINGS, round, 'c3');
    assert.equal(w.mails().length, 2, 'nothing new while the findings stand');
  });

  it('skips a disabled org and an unknown one without touching state', async () => {
    const w = world(() => ({ kind: 'ok', orgName: 'beta-stg', hosts: [], channels }));
    assert.deepEqual(await runOrgAudit(w.deps, SETTINGS, { reason: 'on-demand', org: 'beta-stg' }, 'c'), {
      kind: 'skipped',
      org: 'beta-stg',
      why: 'disabled',
    });
    assert.equal(
      (await runOrgAudit(w.deps, SETTINGS, { reason: 'on-demand', org: 'nobody' }, 'c')).kind,
      'skipped',
    );
    assert.equal(w.store.states.size, 0);
  });

  it('keeps a billable count per JST day (peak and low across rounds)', async () => {
    let hosts = [hostOf('h1', '10.0.0.1'), hostOf('h2', '10.0.0.2')];
    const w = world(() => ({ kind: 'ok', orgName: 'acme-prod', hosts, channels }));
    await runOrgAudit(w.deps, SETTINGS, round, 'c');
    hosts = [hostOf('h1', '10.0.0.1')];
    w.later(3_600_000);
    await runOrgAudit(w.deps, SETTINGS, round, 'c');
    const [day] = [...w.store.days.values()];
    assert.deepEqual([day?.billable, day?.peak, day?.low, day?.rounds], [1, 2, 1, 2]);
  });

  describe('probe definitions', () => {
    const probeRecord = (roundAt: number, hostIds: string[]): ProbeRoundRecord => ({
      org: 'acme-prod',
      chunk: 0,
      chunks: 1,
      roundAt,
      startedAtMs: roundAt * 1000,
      finishedAt: roundAt + 1,
      targets: 0,
      ok: 0,
      failed: 0,
      elapsedMs: 5,
      maxInFlight: 0,
      failures: [],
      problems: hostIds.map((hostId) => ({
        kind: 'host-missing' as const,
        probeId: 'web',
        hostId,
        message: `host ${hostId} no longer exists in the org`,
      })),
      problemCount: hostIds.length,
      posted: 0,
      buffer: [],
      droppedPoints: 0,
      rejectedPoints: 0,
      postError: null,
    });
    const probeKeys = (w: ReturnType<typeof world>) =>
      (w.store.states.get('acme-prod')?.findings ?? [])
        .map((f) => f.key)
        .filter((k) => k.startsWith('probe-definition'));

    it('a recent problem is mailed once; the read joins the state read; no record clears it', async () => {
      const w = world(() => ({ kind: 'ok', orgName: 'acme-prod', hosts: [], channels }));
      const rounds = new InMemoryProbeRounds();
      const seconds = () => Math.floor(w.now().getTime() / 1000);
      const reads: string[] = [];
      let atFlush: string[] = [];
      const get = w.store.get.bind(w.store);
      w.store.get = async (org) => {
        reads.push('state');
        // batchedReads sends what was asked for by the check phase as one call.
        await new Promise(setImmediate);
        atFlush = [...reads];
        return get(org);
      };
      w.deps.probeRounds = {
        get: async (org, chunk) => {
          reads.push(`probeRounds:${org}__${chunk}`);
          return rounds.get(org, chunk);
        },
      };
      await rounds.write(probeRecord(seconds() - 60, ['h9']), undefined);
      await runOrgAudit(w.deps, SETTINGS, round, 'c1');
      assert.deepEqual(atFlush, ['state', 'probeRounds:acme-prod__0']);
      assert.deepEqual(probeKeys(w), ['probe-definition:web']);
      const [mail] = w.mails();
      assert.equal(
        mail?.report?.subject,
        '[WARNING] acme-prod: probe definition needs attention (probe web): 1 host',
      );
      assert.match(JSON.stringify(mail?.report), /h9: host h9 no longer exists in the org/);

      w.later(3_600_000);
      await runOrgAudit(w.deps, SETTINGS, round, 'c2');
      assert.equal(w.mails().length, 1, 'a stale record: the finding stands, not mailed again');
      assert.deepEqual(probeKeys(w), ['probe-definition:web']);

      rounds.byId.clear();
      w.later(3_600_000);
      await runOrgAudit(w.deps, SETTINGS, round, 'c3');
      assert.deepEqual(probeKeys(w), []);
      assert.equal(w.mails()[1]?.report?.subject, '[OK] acme-prod: resolved: probe web definition');
    });

    it('an unreadable probe round is logged and checks nothing; the audit goes on', async () => {
      const w = world(() => ({ kind: 'ok', orgName: 'acme-prod', hosts: [], channels }));
      const rounds = new InMemoryProbeRounds();
      w.deps.probeRounds = rounds;
      await rounds.write(probeRecord(Math.floor(w.now().getTime() / 1000), ['h9']), undefined);
      await runOrgAudit(w.deps, SETTINGS, round, 'c1');
      w.deps.probeRounds = {
        get: async () => {
          throw new Error('firestore unavailable');
        },
      };
      w.later(3_600_000);
      const outcome = await runOrgAudit(w.deps, SETTINGS, round, 'c2');
      assert.equal(outcome.kind === 'audited' && outcome.audited, true);
      assert.deepEqual(probeKeys(w), ['probe-definition:web']);
      assert.ok(
        w.logs.entries().some((e) => e.message === 'probe round unreadable: probe definitions not checked'),
        w.logs.lines.join('\n'),
      );
    });
  });
});
