/**
 * Reconciliation from source under the functions framework, in its own process, against the npm Firestore
 * emulator, the local Pub/Sub server, the local Secret Manager (the real client reads each org's key) and
 * the Mackerel API stand-in; then the real router, in a process of its own, takes what reconciliation
 * published. Pushes are posted as Pub/Sub would; what the functions publish is read back from the
 * Pub/Sub server.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Firestore } from '@google-cloud/firestore';
import { MackerelStandin } from '../../../local/mackerel/mackerel-standin';
import type { StandinSeed } from '../../../local/mackerel/standin-seed';
import type { PublishedMessage } from '../../../local/pubsub/published-message';
import { LocalSecretManager } from '../../../local/secrets/local-secret-manager';
import { createLogger } from '../../../shared/kernel/log/logger';
import { TOPICS } from '../../../shared/kernel/topology';
import { apiKeySecretOf } from '../../../shared/mackerel/api/org-api-clients';
import {
  type MackerelEventMessage,
  mackerelEventMessageSchema,
} from '../../../shared/mackerel/webhook/mackerel-event-message';
import { notificationMessageSchema } from '../../../shared/notify/message/notification-message';
import { firestoreOrgs } from '../../../shared/orgs/adapters/firestore-orgs';
import { firestoreMissedWebhooks } from '../../../shared/reconcile/adapters/firestore-missed-webhooks';
import { type FlowBackends, startFlowBackends } from '../../support/flow-backends';
import { type FunctionUnderTest, startFunctionUnderTest } from '../../support/function-under-test';
import { PROJECT } from '../../support/intake-env';
import { eventMessage, withAlert } from '../../support/router-world';

const NOW_S = Math.floor(Date.now() / 1000);
const TEAM = ['team@msp.example'];

const host = (id: string, name: string) => ({
  id,
  name,
  createdAt: NOW_S - 86_400,
  status: 'working',
  memo: '',
  isRetired: false,
  roles: { shop: ['web'] },
});
const alert = (id: string, hostId: string, openedAt: number) => ({
  id,
  status: 'CRITICAL',
  monitorId: 'mCpu',
  type: 'host',
  hostId,
  value: 97.5,
  message: 'CPU % 97.5 > 90',
  openedAt,
});
const channel = (suspendedAt: number | null) => ({
  id: 'ch1',
  name: 'msp-ops',
  type: 'webhook',
  url: 'https://hooks.msp.example/hooks/mackerel/token-xyz',
  events: ['alert'],
  suspendedAt,
});
const monitors = [{ id: 'mCpu', type: 'host', name: 'CPU %', memo: 'Runbook: wiki/web-cpu' }];

const SEED: StandinSeed = {
  orgs: [
    {
      name: 'alpha',
      displayName: 'Alpha',
      apiKey: 'alpha-key-0001',
      hosts: [host('hA1', 'web01')],
      monitors,
      // A1: its webhook was lost. A2: its open arrived, its close will be lost.
      alerts: [alert('A1', 'hA1', NOW_S - 1200), alert('A2', 'hA1', NOW_S - 3000)],
      channels: [channel(null)],
    },
    {
      name: 'susp',
      displayName: 'Suspended',
      apiKey: 'susp-key-0002',
      hosts: [host('hS1', 'app01')],
      monitors,
      alerts: [alert('S1', 'hS1', NOW_S - 900)],
      // Mackerel suspended our channel: every webhook since is lost.
      channels: [channel(NOW_S - 3600)],
    },
  ],
};

let backends: FlowBackends;
let secrets: LocalSecretManager;
let mackerel: MackerelStandin;
let db: Firestore;
let reconcile: FunctionUnderTest;
let router: FunctionUnderTest;

before(async () => {
  const quiet = createLogger({}, () => {});
  backends = await startFlowBackends();
  db = backends.db;
  mackerel = new MackerelStandin({ seed: SEED, port: 0, logger: quiet });
  await mackerel.start();
  secrets = new LocalSecretManager({
    projectId: PROJECT,
    port: 0,
    secrets: { [apiKeySecretOf('alpha')]: 'alpha-key-0001', [apiKeySecretOf('susp')]: 'susp-key-0002' },
    logger: quiet,
  });
  const secretsPort = await secrets.start();
  const orgs = firestoreOrgs(db);
  for (const [name, enabled] of [
    ['alpha', true],
    ['susp', true],
    ['off', false],
  ] as const) {
    await orgs.upsert({
      name,
      displayName: name.toUpperCase(),
      enabled,
      language: 'en',
      contacts: [],
      declaredNetworks: [],
      memo: '',
      defaultRoute: {
        recipients: { to: TEAM, cc: [] },
        groupIntervalSeconds: 300,
        repeatIntervalSeconds: 14_400,
      },
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  }
  [reconcile, router] = await Promise.all([
    startFunctionUnderTest('reconcile', 'reconcile', {
      MACKEREL_API_BASE_URL: mackerel.baseUrl,
      SECRET_MANAGER_LOCAL_ENDPOINT: `127.0.0.1:${secretsPort}`,
      RECONCILE_REQUEST_TIMEOUT_MS: '2000',
      RECONCILE_ORG_DEADLINE_MS: '10000',
    }),
    startFunctionUnderTest('router', 'router', {
      ROUTER_PUBLISH_TIMEOUT_MS: '2000',
      ROUTER_GROUPING: 'false',
    }),
  ]);
});

after(async () => {
  await Promise.all([reconcile?.stop(), router?.stop()]);
  await mackerel?.stop();
  await secrets?.stop();
  await backends?.stop();
});

/** POSTs a push body as Pub/Sub does; resolves the status once the function has answered. */
async function push(
  to: FunctionUnderTest,
  subscription: string,
  data: Buffer,
  attributes: Record<string, string> = {},
  messageId: string = randomUUID(),
): Promise<number> {
  const res = await fetch(`${to.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: {
        data: data.toString('base64'),
        attributes,
        messageId,
        publishTime: new Date().toISOString(),
      },
      subscription: `projects/${PROJECT}/subscriptions/${subscription}`,
    }),
  });
  await res.text();
  return res.status;
}

const askReconcile = (request: Record<string, unknown>, messageId?: string) =>
  push(reconcile, 'reconcile-requests--reconcile', Buffer.from(JSON.stringify(request)), {}, messageId);
const reconcileOrg = (org: string, runAt = new Date().toISOString()) =>
  askReconcile({ reason: 'org', org, runAt });

/** Hands a mackerel-events message to the router as its push subscription would. */
const route = (message: Pick<PublishedMessage, 'data' | 'attributes'>) =>
  push(router, 'mackerel-events--router', message.data, { ...message.attributes });

const published = () => backends.pubsub.publishedTo(TOPICS.mackerelEvents);
const eventOf = (m: PublishedMessage): MackerelEventMessage =>
  mackerelEventMessageSchema.parse(JSON.parse(m.data.toString('utf8')));
const mails = () =>
  backends.pubsub
    .publishedTo(TOPICS.notifications)
    .map((m) => notificationMessageSchema.parse(JSON.parse(m.data.toString('utf8'))))
    .map((n) => `${n.org}:${n.kind}:${n.alerts[0]?.alertId}:${n.alerts[0]?.status}`);

describe('reconciliation end to end', () => {
  it('the schedule fans out one message per enabled org', async () => {
    assert.equal(await askReconcile({ reason: 'schedule' }), 200);
    const fanned = backends.pubsub
      .publishedTo(TOPICS.reconcileRequests)
      .map((m) => JSON.parse(m.data.toString('utf8')) as { reason: string; org: string });
    assert.deepEqual(
      fanned.map((m) => `${m.reason}:${m.org}`),
      ['org:alpha', 'org:susp'],
    );
  });

  it('a dropped open: one reconcile event on mackerel-events, then one alert mail from the real router', async () => {
    // A2's open webhook did arrive (as intake would have published it).
    const a2 = eventMessage('alert-host-critical.json', {
      org: 'alpha',
      patch: withAlert({ id: 'A2', openedAt: NOW_S - 3000, statusChangedAt: NOW_S - 3000 }),
    });
    assert.equal(await route({ data: Buffer.from(JSON.stringify(a2)), attributes: {} }), 200);
    assert.deepEqual(mails(), ['alpha:alert:A2:critical']);

    assert.equal(await reconcileOrg('alpha'), 200);
    const [message, ...more] = published();
    assert.deepEqual(more, []);
    assert.ok(message);
    const event = eventOf(message);
    assert.equal(event.source, 'reconcile');
    assert.equal(event.org, 'alpha');
    assert.deepEqual(message.attributes, {
      org: 'alpha',
      event: 'alert',
      dedupKey: event.dedupKey,
      correlationId: event.correlationId,
      alertId: 'A1',
    });
    assert.equal(await route(message), 200);
    assert.deepEqual(mails(), ['alpha:alert:A2:critical', 'alpha:alert:A1:critical']);
    const mail = notificationMessageSchema.parse(
      JSON.parse(backends.pubsub.publishedTo(TOPICS.notifications)[1]?.data.toString('utf8') ?? '{}'),
    );
    assert.deepEqual(mail.recipients.to, TEAM);
    assert.equal(mail.alerts[0]?.target, 'web01');
    assert.equal(mail.alerts[0]?.monitorName, 'CPU %');

    // The lost webhook turns up after all: the same dedup key, so the router drops it.
    const late = eventMessage('alert-host-critical.json', {
      org: 'alpha',
      patch: withAlert({ id: 'A1', openedAt: NOW_S - 1200, statusChangedAt: NOW_S - 1200 }),
    });
    assert.equal(late.dedupKey, event.dedupKey);
    assert.equal(await route({ data: Buffer.from(JSON.stringify(late)), attributes: {} }), 200);
    assert.equal(mails().length, 2);
  });

  it('a dropped close: one recovery; a redelivered request publishes nothing more and counts nothing more', async () => {
    mackerel.org('alpha').closeAlert('A2', 'recovered', NOW_S - 600);
    const runAt = new Date().toISOString();
    const before = published().length;
    assert.equal(await reconcileOrg('alpha', runAt), 200);
    const fresh = published().slice(before);
    assert.equal(fresh.length, 1);
    const [close] = fresh;
    assert.ok(close);
    assert.equal(close.attributes.alertId, 'A2');
    assert.equal(await route(close), 200);
    assert.deepEqual(mails().slice(2), ['alpha:recovery:A2:ok']);

    assert.equal(await reconcileOrg('alpha', runAt), 200);
    assert.equal(published().length, before + 1, 'the router state now matches Mackerel');
    assert.deepEqual(await firestoreMissedWebhooks(db).missedWebhooksSince(new Date(0)), { alpha: 2 });
  });

  it('running reconcile again publishes nothing new', async () => {
    const before = published().length;
    assert.equal(await reconcileOrg('alpha'), 200);
    assert.equal(await askReconcile({ reason: 'on-demand', org: 'alpha', windowMinutes: 600 }), 200);
    assert.equal(published().length, before);
  });

  it('an org whose webhook channel is suspended is still reconciled', async () => {
    const before = published().length;
    assert.equal(await reconcileOrg('susp'), 200);
    const fresh = published().slice(before);
    assert.deepEqual(
      fresh.map((m) => m.attributes.alertId),
      ['S1'],
    );
    assert.equal(await route(fresh[0] as PublishedMessage), 200);
    assert.deepEqual(mails().slice(3), ['susp:alert:S1:critical']);
    const counts = await firestoreMissedWebhooks(db).missedWebhooksSince(new Date(Date.now() - 3_600_000));
    assert.deepEqual(counts, { alpha: 2, susp: 1 });
  });

  it('a bad request is a 400; no key or webhook token reaches a log', async () => {
    assert.equal(await askReconcile({ reason: 'org' }), 400);
    const logs = [...reconcile.lines, ...router.lines].join('\n');
    for (const secret of ['alpha-key-0001', 'susp-key-0002', 'token-xyz']) assert.ok(!logs.includes(secret));
  });
});
