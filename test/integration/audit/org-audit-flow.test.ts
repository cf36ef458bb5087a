/**
 * The org audit from source under the functions framework, in its own process, against the npm Firestore
 * emulator, the local Pub/Sub server, the local Secret Manager (the real client reads each org's key) and
 * the Mackerel API stand-in. Pushes are posted as Pub/Sub would; what the function publishes (fan-out
 * messages, mails) is read back from the Pub/Sub server.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Firestore } from '@google-cloud/firestore';
import { MackerelStandin } from '../../../local/mackerel/mackerel-standin';
import type { StandinSeed } from '../../../local/mackerel/standin-seed';
import { LocalSecretManager } from '../../../local/secrets/local-secret-manager';
import { orgAuditStateSchema } from '../../../shared/audit/org-audit-state';
import { createLogger } from '../../../shared/kernel/log/logger';
import { TOPICS } from '../../../shared/kernel/topology';
import { MackerelApiClient } from '../../../shared/mackerel/api/mackerel-api-client';
import type { MonitorSpec } from '../../../shared/mackerel/api/monitor-spec';
import { apiKeySecretOf } from '../../../shared/mackerel/api/org-api-clients';
import { firestoreMonitorPlans } from '../../../shared/monitors/adapters/firestore-monitor-plans';
import { markMemo } from '../../../shared/monitors/model/managed-marker';
import { pushOrgs } from '../../../shared/monitors/push/push-orgs';
import {
  type NotificationMessage,
  notificationMessageSchema,
} from '../../../shared/notify/message/notification-message';
import { firestoreOrgs } from '../../../shared/orgs/adapters/firestore-orgs';
import { COLLECTIONS } from '../../../shared/platform/firestore/firestore-collections';
import { firestoreProbeRounds } from '../../../shared/probes/adapters/firestore-probe-rounds';
import { type ProbeRoundRecord, roundRecordId } from '../../../shared/probes/probe-round-record';
import { firestoreMissedWebhooks } from '../../../shared/reconcile/adapters/firestore-missed-webhooks';
import { type FlowBackends, startFlowBackends } from '../../support/flow-backends';
import { type FunctionUnderTest, startFunctionUnderTest } from '../../support/function-under-test';
import { PROJECT } from '../../support/intake-env';

const PREFIX = 'https://hooks.msp.example/hooks/mackerel/';
const NOW_S = Math.floor(Date.now() / 1000);

const host = (id: string, name: string, address: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  createdAt: NOW_S - 86_400 * 30,
  status: 'working',
  memo: '',
  isRetired: false,
  roles: { shop: ['web'] },
  interfaces: [{ name: 'eth0', ipv4Addresses: [address] }],
  meta: { 'agent-version': '0.84.0' },
  ...extra,
});
const channel = (suspendedAt: number | null = null) => ({
  id: 'ch1',
  name: 'msp-ops',
  type: 'webhook',
  url: `${PREFIX}token-xyz`,
  events: ['alert', 'alertGroup', 'hostRegister'],
  suspendedAt,
});

const SEED: StandinSeed = {
  orgs: [
    {
      name: 'alpha',
      displayName: 'Alpha',
      apiKey: 'alpha-key-0001',
      hosts: [host('hA1', 'web01', '203.0.113.10'), host('hA2', 'web02', '203.0.113.11')],
      channels: [channel()],
    },
    {
      name: 'beta',
      displayName: 'Beta',
      apiKey: 'beta-key-0002',
      hosts: [
        host('hB1', 'app01', '198.51.100.1'),
        host('hB2', 'app02', '198.51.100.2', { status: 'maintenance' }),
        host('hB3', 'app03', '198.51.100.3', { status: 'poweroff' }),
      ],
      channels: [channel(NOW_S - 600)],
    },
    { name: 'gamma', displayName: 'Gamma', apiKey: 'gamma-key-0003', channels: [channel()] },
    { name: 'slow', displayName: 'Slow', apiKey: 'slow-key-0004', channels: [channel()] },
    { name: 'msp-self', displayName: 'MSP', apiKey: 'msp-self-key-0005' },
  ],
};

let backends: FlowBackends;
let secrets: LocalSecretManager;
let mackerel: MackerelStandin;
let db: Firestore;
let audit: FunctionUnderTest;

before(async () => {
  backends = await startFlowBackends();
  db = backends.db;
  mackerel = new MackerelStandin({ seed: SEED, port: 0, logger: createLogger({}, () => {}) });
  await mackerel.start();
  secrets = new LocalSecretManager({
    projectId: PROJECT,
    port: 0,
    secrets: {
      [apiKeySecretOf('alpha')]: 'alpha-key-0001',
      [apiKeySecretOf('beta')]: 'beta-key-0002',
      // Pasted into the wrong record: gamma's secret holds alpha's key.
      [apiKeySecretOf('gamma')]: 'alpha-key-0001',
      [apiKeySecretOf('delta')]: 'revoked-key-9999',
      [apiKeySecretOf('slow')]: 'slow-key-0004',
      [apiKeySecretOf('msp-self')]: 'msp-self-key-0005',
    },
    logger: createLogger({}, () => {}),
  });
  const secretsPort = await secrets.start();
  const orgs = firestoreOrgs(db);
  const record = (name: string, extra: Record<string, unknown> = {}) =>
    orgs.upsert({
      name,
      displayName: name.toUpperCase(),
      enabled: true,
      language: 'en',
      contacts: [],
      declaredNetworks: [],
      memo: '',
      createdAt: '2026-01-01T00:00:00.000Z',
      ...extra,
    });
  await record('alpha', { declaredNetworks: ['203.0.113.0/24'], hostQuota: { warn: 5, max: 10 } });
  await record('beta', { hostQuota: { warn: 1, max: 2 } });
  await record('gamma');
  await record('delta');
  await record('slow');
  await record('off', { enabled: false });
  audit = await startFunctionUnderTest('org-audit', 'orgAudit', {
    MACKEREL_API_BASE_URL: mackerel.baseUrl,
    SECRET_MANAGER_LOCAL_ENDPOINT: `127.0.0.1:${secretsPort}`,
    AUDIT_WEBHOOK_URL_PREFIX: PREFIX,
    AUDIT_MAIL_TO: 'ops@msp.example',
    AUDIT_MAIL_LANGUAGE: 'en',
    AUDIT_REQUEST_TIMEOUT_MS: '500',
    AUDIT_ORG_DEADLINE_MS: '2000',
    SELF_WATCH_ORG: 'msp-self',
  });
});

after(async () => {
  await audit?.stop();
  await mackerel?.stop();
  await secrets?.stop();
  await backends?.stop();
});

async function push(data: unknown): Promise<number> {
  const res = await fetch(`${audit.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: {
        data: Buffer.from(JSON.stringify(data)).toString('base64'),
        messageId: randomUUID(),
        publishTime: new Date().toISOString(),
      },
      subscription: `projects/${PROJECT}/subscriptions/audit-requests--org-audit`,
    }),
  });
  await res.text();
  return res.status;
}

const mails = (): NotificationMessage[] =>
  backends.pubsub
    .publishedTo(TOPICS.notifications)
    .map((m) => notificationMessageSchema.parse(JSON.parse(m.data.toString('utf8'))));
const mailsOf = (org: string) => mails().filter((n) => n.org === org);
const round = (org: string) => push({ reason: 'round', org, roundStartedAt: new Date().toISOString() });
const findingKeys = async (org: string) => {
  const doc = await db.collection(COLLECTIONS.orgAudits).doc(org).get();
  return orgAuditStateSchema
    .parse(doc.data())
    .findings.map((f) => f.key)
    .sort();
};

describe('org audit end to end', () => {
  it('the hourly schedule fans out one message per enabled org and posts the self-watch metrics', async () => {
    assert.equal(await push({ reason: 'schedule' }), 200);
    const fanned = backends.pubsub
      .publishedTo(TOPICS.auditRequests)
      .map((m) => JSON.parse(m.data.toString('utf8')) as { reason: string; org: string });
    assert.deepEqual(
      fanned.map((m) => `${m.reason}:${m.org}`),
      ['round:alpha', 'round:beta', 'round:delta', 'round:gamma', 'round:slow'],
    );
    const posted = mackerel.metrics()['msp-self'] ?? [];
    assert.ok(
      posted.some((p) => p.name === 'msp-pipeline.audit.orgs_audited'),
      JSON.stringify(posted),
    );
  });

  it('each org on its own: findings mailed once, a slow org leaves the others intact', async () => {
    mackerel.injectFault({ org: 'slow', count: 100, hang: true });
    const statuses = await Promise.all(['alpha', 'beta', 'gamma', 'delta', 'slow'].map(round));
    assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
    assert.deepEqual(mailsOf('alpha'), [], 'a first audit is a baseline: nothing to say');
    const [beta, ...moreBeta] = mailsOf('beta');
    assert.deepEqual(moreBeta, []);
    assert.equal(beta?.kind, 'report');
    assert.equal(beta?.report?.severity, 'critical');
    assert.deepEqual(beta?.recipients.to, ['ops@msp.example']);
    assert.deepEqual(await findingKeys('beta'), ['host-quota', 'webhook-channel']);
    assert.match(beta?.report?.subject ?? '', /beta/);
    assert.deepEqual(await findingKeys('gamma'), ['org-mismatch']);
    assert.deepEqual(await findingKeys('delta'), ['api-key']);
    assert.equal(mailsOf('gamma').length, 1);
    assert.equal(mailsOf('delta').length, 1);
    assert.deepEqual(mailsOf('slow'), [], 'one timeout is a blip, not a finding');
    const hostCount = await db
      .collection(COLLECTIONS.orgs)
      .doc('beta')
      .collection(COLLECTIONS.hostCounts)
      .get();
    assert.equal(hostCount.docs[0]?.get('billable'), 3, 'maintenance and poweroff hosts are billable');
    const texts = JSON.stringify(mails());
    for (const key of ['alpha-key-0001', 'beta-key-0002', 'revoked-key-9999', 'token-xyz']) {
      assert.ok(!texts.includes(key), 'no key or webhook token in a mail');
      assert.ok(!audit.lines.join('\n').includes(key), 'no key or webhook token in a log');
    }
  });

  it('the next round mails nothing while the findings stand', async () => {
    const before = mails().length;
    await Promise.all(['alpha', 'beta', 'gamma', 'delta'].map(round));
    assert.equal(mails().length, before);
  });

  it('a host registered outside the declared networks -> one mail; the channel fixed -> a resolved mail', async () => {
    mackerel.org('alpha').putHost(host('hA9', 'rogue01', '192.0.2.99', { createdAt: NOW_S }) as never);
    mackerel.org('beta').setChannelSuspended('ch1', false, NOW_S);
    await Promise.all([round('alpha'), round('beta')]);
    const [alpha] = mailsOf('alpha');
    assert.deepEqual(await findingKeys('alpha'), ['host-outside-networks:hA9', 'new-host:hA9']);
    assert.match(JSON.stringify(alpha?.report), /rogue01/);
    assert.match(JSON.stringify(alpha?.report), /192\.0\.2\.99/);
    assert.equal(mailsOf('beta').length, 2);
    assert.deepEqual(await findingKeys('beta'), ['host-quota']);
  });

  it('the 09:00 summary lists what stands across orgs, once per day', async () => {
    // What reconciliation found in the last 24 hours shows per org.
    const detectedAt = new Date().toISOString();
    await firestoreMissedWebhooks(db).record([
      {
        org: 'beta',
        changeId: 'change-1',
        alertId: 'A1',
        kind: 'open',
        status: 'critical',
        isOpen: true,
        eventTimeSeconds: NOW_S,
        dedupKey: 'key-1',
        detectedAt,
        date: detectedAt.slice(0, 10),
      },
    ]);
    assert.equal(await push({ reason: 'daily-summary' }), 200);
    assert.equal(await push({ reason: 'daily-summary' }), 200);
    const summaries = mails().filter((n) => n.org === '*');
    assert.equal(new Set(summaries.map((n) => n.id)).size, 1, 'one id per JST day: the mailer sends it once');
    const text = JSON.stringify(summaries[0]?.report);
    for (const org of ['alpha', 'beta', 'gamma', 'delta']) assert.ok(text.includes(org), org);
    const table = summaries[0]?.report?.tables[0];
    const column = table?.columns.indexOf('Missed webhooks') ?? -1;
    assert.ok(column > 0, 'a column of missed webhooks');
    const missed = Object.fromEntries(table?.rows.map((row) => [row[0], row[column]]) ?? []);
    assert.equal(missed.beta, '1');
    assert.equal(missed.alpha, '0');
  });

  it('a bad request is a 400 naming the field', async () => {
    assert.equal(await push({ reason: 'round', org: 'alpha' }), 400);
  });
});

describe('monitor drift in the audit', () => {
  const cpu: MonitorSpec = {
    type: 'host',
    name: 'CPU usage',
    memo: markMemo('Runbook: https://rb.example/cpu', 'baseline'),
    metric: 'cpu%',
    operator: '>',
    warning: 80,
    critical: 95,
    duration: 5,
  };
  const alphaApi = () => new MackerelApiClient({ apiKey: 'alpha-key-0001', baseUrl: mackerel.baseUrl });
  const pushTemplates = () =>
    pushOrgs(
      {
        render: () => ({
          ok: true,
          skipped: false,
          monitors: [{ set: 'baseline', spec: cpu }],
          downtimes: [],
        }),
        apiFor: async () => alphaApi(),
        plans: firestoreMonitorPlans(db),
        now: () => new Date(),
        revision: 'test',
        concurrency: 1,
      },
      ['alpha'],
      { dryRun: false, prune: false },
    );
  const driftFindings = async () => (await findingKeys('alpha')).filter((k) => k.startsWith('monitor-drift'));

  it('a hand-edited threshold is a drift finding in the next audit, mailed once, and clears after a push', async () => {
    const [pushed] = await pushTemplates();
    assert.equal(pushed?.status, 'applied', JSON.stringify(pushed));
    assert.equal(await round('alpha'), 200);
    assert.deepEqual(await driftFindings(), [], 'as pushed: no drift');

    const id = (await alphaApi().listMonitors()).find((m) => m.name === 'CPU usage')?.id ?? '';
    await alphaApi().updateMonitor(id, { ...cpu, warning: 99 });
    const before = mailsOf('alpha').length;
    assert.equal(await push({ reason: 'on-demand', org: 'alpha' }), 200);
    assert.deepEqual(await driftFindings(), ['monitor-drift:CPU usage']);
    const mail = mailsOf('alpha').slice(before);
    assert.equal(mail.length, 1);
    assert.match(mail[0]?.report?.subject ?? '', /monitor "CPU usage" changed by hand/);
    assert.match(JSON.stringify(mail[0]?.report), /differs from the templates in warning/);

    assert.equal(await round('alpha'), 200);
    assert.equal(mailsOf('alpha').length, before + 1, 'a standing finding is not mailed again');

    const [again] = await pushTemplates();
    assert.equal(again?.status === 'applied' && again.applied.updated, 1);
    assert.equal(await round('alpha'), 200);
    assert.deepEqual(await driftFindings(), [], 'the push put it back: cleared in the next round');
    const cleared = mailsOf('alpha').slice(before + 1);
    assert.equal(cleared.length, 1);
    assert.match(cleared[0]?.report?.subject ?? '', /resolved: monitor "CPU usage" drift/);
  });
});

describe('probe definitions in the audit', () => {
  const problem = (hostId: string) => ({
    kind: 'host-missing' as const,
    probeId: 'web-http',
    hostId,
    message: `host ${hostId} no longer exists in the org`,
  });
  // What the probe function's chunk 0 records: the org's definition problems with the round.
  const writeRound = async (roundAt: number, hostIds: string[]) => {
    const rounds = firestoreProbeRounds(db);
    const record: ProbeRoundRecord = {
      org: 'beta',
      chunk: 0,
      chunks: 1,
      roundAt,
      startedAtMs: roundAt * 1000,
      finishedAt: roundAt + 1,
      targets: 1,
      ok: 1,
      failed: 0,
      elapsedMs: 40,
      maxInFlight: 1,
      failures: [],
      problems: hostIds.map(problem),
      problemCount: hostIds.length,
      posted: 1,
      buffer: [],
      droppedPoints: 0,
      rejectedPoints: 0,
      postError: null,
    };
    assert.ok(await rounds.write(record, (await rounds.get('beta', 0))?.version));
  };
  const nowS = () => Math.floor(Date.now() / 1000);
  const probeFinding = async () => {
    const doc = await db.collection(COLLECTIONS.orgAudits).doc('beta').get();
    return orgAuditStateSchema.parse(doc.data()).findings.find((f) => f.kind === 'probe-definition');
  };

  it('a broken definition in the probe round is mailed once, stands while the record is stale, clears without one', async () => {
    const before = mailsOf('beta').length;
    await writeRound(nowS() - 60, ['hGone1']);
    assert.equal(await round('beta'), 200);
    const found = await probeFinding();
    assert.equal(found?.key, 'probe-definition:web-http');
    assert.deepEqual(found?.kind === 'probe-definition' && found.facts, {
      probeId: 'web-http',
      problems: [
        {
          hostId: 'hGone1',
          kind: 'host-missing',
          field: null,
          placeholder: null,
          message: 'host hGone1 no longer exists in the org',
        },
      ],
      hostCount: 1,
    });
    const [mail, ...more] = mailsOf('beta').slice(before);
    assert.deepEqual(more, []);
    assert.equal(
      mail?.report?.subject,
      '[WARNING] beta: probe definition needs attention (probe web-http): 1 host',
    );
    assert.match(JSON.stringify(mail?.report), /hGone1: host hGone1 no longer exists in the org/);

    assert.equal(await round('beta'), 200);
    assert.equal(mailsOf('beta').length, before + 1, 'a standing finding is not mailed again');

    await writeRound(nowS() - 30, ['hGone1', 'hGone2']);
    assert.equal(await round('beta'), 200);
    const changed = mailsOf('beta').slice(before + 1);
    assert.equal(changed.length, 1, 'another host failing is mailed as a change');
    assert.match(changed[0]?.report?.subject ?? '', /\(probe web-http\): 2 hosts/);

    await writeRound(nowS() - 3600, ['hGone1', 'hGone2', 'hGone3']);
    assert.equal(await round('beta'), 200);
    assert.equal(mailsOf('beta').length, before + 2, 'a stale record changes nothing');
    assert.equal((await probeFinding())?.key, 'probe-definition:web-http');

    await db.collection(COLLECTIONS.probeRounds).doc(roundRecordId('beta', 0)).delete();
    assert.equal(await round('beta'), 200);
    assert.equal(await probeFinding(), undefined);
    const resolved = mailsOf('beta').slice(before + 2);
    assert.equal(resolved.length, 1);
    assert.equal(resolved[0]?.report?.subject, '[OK] beta: resolved: probe web-http definition');
  });
});
