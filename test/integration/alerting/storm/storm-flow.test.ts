import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Firestore } from '@google-cloud/firestore';
import { firestoreRoutingConfig } from '../../../../shared/alerting/adapters/firestore-routing-config';
import { scopeKeyOf } from '../../../../shared/alerting/storm/grouping';
import type { MackerelEventMessage } from '../../../../shared/mackerel/webhook/mackerel-event-message';
import {
  type NotificationMessage,
  notificationMessageSchema,
} from '../../../../shared/notify/message/notification-message';
import { COLLECTIONS } from '../../../../shared/platform/firestore/firestore-collections';
import { type FlowBackends, startFlowBackends } from '../../../support/flow-backends';
import { type FunctionUnderTest, startFunctionUnderTest } from '../../../support/function-under-test';
import { PROJECT } from '../../../support/intake-env';
import { type PushReceiver, pushData, startPushReceiver } from '../../../support/push-receiver';
import { eventMessage, withAlert } from '../../../support/router-world';

/**
 * Storm control end to end: the router and digest-flush from source, in their own processes, against
 * the npm Firestore emulator and the local Pub/Sub server; notifications reach a test receiver. Group
 * intervals are a few seconds and the flush's grace is 0, so a flush request pushed after the window's
 * end publishes the digest.
 */

const ORG = 'storm-it';
const TEAM = { to: ['web@storm-it.example'], cc: [] };
const NOC = { to: ['noc@msp.example'], cc: [] };
const MSP_ORGS = ['storm-m1', 'storm-m2', 'storm-m3', 'storm-m4', 'storm-m5'];
const INTERVAL_SECONDS = 6;

let backends: FlowBackends;
let receiver: PushReceiver;
let db: Firestore;
let router: FunctionUnderTest;
let flusher: FunctionUnderTest;

before(async () => {
  receiver = await startPushReceiver();
  backends = await startFlowBackends({ notificationsTo: receiver.url });
  db = backends.db;
  const routing = firestoreRoutingConfig(db);
  await routing.putRoute(ORG, {
    id: 'web-team',
    name: 'web team',
    order: 10,
    match: {},
    recipients: TEAM,
    groupIntervalSeconds: INTERVAL_SECONDS,
  });
  await routing.putMspRoute({
    id: 'noc',
    name: 'NOC: every critical',
    order: 10,
    orgs: MSP_ORGS,
    match: { minSeverity: 'critical' },
    recipients: NOC,
    groupIntervalSeconds: INTERVAL_SECONDS,
  });
  [router, flusher] = await Promise.all([
    startFunctionUnderTest('router', 'router', { ROUTER_PUBLISH_TIMEOUT_MS: '1000' }),
    startFunctionUnderTest('digest-flush', 'digestFlush', { DIGEST_FLUSH_GRACE_SECONDS: '0' }),
  ]);
});

after(async () => {
  await router?.stop();
  await flusher?.stop();
  await receiver?.close();
  await backends?.stop();
});

function envelope(data: unknown, subscription: string) {
  return JSON.stringify({
    message: {
      data: Buffer.from(JSON.stringify(data)).toString('base64'),
      attributes: {},
      messageId: randomUUID(),
      publishTime: new Date().toISOString(),
    },
    subscription: `projects/${PROJECT}/subscriptions/${subscription}`,
    deliveryAttempt: 1,
  });
}

async function pushTo(fn: FunctionUnderTest, data: unknown, subscription: string): Promise<void> {
  const res = await fetch(`${fn.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: envelope(data, subscription),
  });
  assert.equal(res.status, 200, await res.text());
}

const pushEvent = (message: MackerelEventMessage) => pushTo(router, message, 'mackerel-events--router');
const flush = () => pushTo(flusher, { reason: 'manual' }, 'digest-flush-requests--digest-flush');

function alertMessage(org: string, alertId: string) {
  return eventMessage('alert-host-critical.json', {
    org,
    receivedAt: new Date().toISOString(),
    patch: withAlert({ id: alertId }),
  });
}

function notificationsOf(routeId: string, org?: string): NotificationMessage[] {
  return receiver.received
    .map((e) => notificationMessageSchema.parse(pushData(e)))
    .filter((n) => n.routeId === routeId && (org === undefined || n.org === org));
}

async function until<T>(read: () => T[], count: number, timeoutMs = 10_000): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = read();
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the scope's current window has ended (by its stored end). */
async function afterWindowOf(scopeKey: string): Promise<void> {
  const snapshot = await db.collection(COLLECTIONS.groupWindows).doc(scopeKey).get();
  const end = Date.parse(String(snapshot.get('windowEnd')));
  assert.ok(Number.isFinite(end), `window of ${scopeKey}`);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, end - Date.now()) + 50));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe('storm control (router + digest-flush, emulator, local Pub/Sub)', () => {
  it('20 alerts of one org-route in a window -> 1 immediate notification + 1 digest; redelivery adds nothing', async () => {
    const messages = Array.from({ length: 20 }, (_, i) =>
      alertMessage(ORG, `Storm${String(i).padStart(2, '0')}`),
    );
    await Promise.all(messages.map(pushEvent));
    const [first, ...more] = await until(() => notificationsOf('org:web-team', ORG), 1);
    await settle();
    assert.deepEqual(more, []);
    assert.equal(first?.kind, 'alert');
    assert.deepEqual(first?.recipients, TEAM);

    // Redelivered: the events are done, and nothing more is folded or sent.
    await Promise.all(messages.map(pushEvent));
    await afterWindowOf(scopeKeyOf({ org: ORG, routeId: 'org:web-team' }));
    await flush();
    const all = await until(() => notificationsOf('org:web-team', ORG), 2);
    await flush();
    await settle();
    assert.equal(notificationsOf('org:web-team', ORG).length, 2);
    const digest = all[1];
    assert.equal(digest?.kind, 'digest');
    assert.deepEqual(digest?.recipients, TEAM);
    assert.equal(digest?.alerts.length, 19);
    const listed = new Set([first?.alerts[0]?.alertId, ...(digest?.alerts ?? []).map((a) => a.alertId)]);
    assert.equal(listed.size, 20);
    assert.ok(digest?.window);
    console.log(
      `storm: ${messages.length * 2} events pushed -> ${notificationsOf('org:web-team').length} notifications`,
    );
  });

  it('alerts from 5 orgs within a minute -> the MSP route gets one cross-org digest, not 5 mails', async () => {
    await Promise.all(MSP_ORGS.map((org, i) => pushEvent(alertMessage(org, `Msp${i}`))));
    const [first, ...more] = await until(() => notificationsOf('msp:noc'), 1);
    await settle();
    assert.deepEqual(more, []);
    assert.equal(first?.kind, 'alert');
    await afterWindowOf(scopeKeyOf({ org: 'any', routeId: 'msp:noc' }));
    await flush();
    const [, digest] = await until(() => notificationsOf('msp:noc'), 2);
    await settle();
    assert.equal(notificationsOf('msp:noc').length, 2);
    assert.equal(digest?.kind, 'digest');
    assert.equal(digest?.org, '*');
    assert.deepEqual(digest?.recipients, NOC);
    assert.equal(digest?.alerts.length, 4);
    const orgs = new Set([first?.org, ...(digest?.alerts ?? []).map((a) => a.org)]);
    assert.deepEqual([...orgs].sort(), MSP_ORGS);
  });
});
