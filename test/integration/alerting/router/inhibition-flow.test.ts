import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Firestore } from '@google-cloud/firestore';
import { firestoreRoutingConfig } from '../../../../shared/alerting/adapters/firestore-routing-config';
import { alertStateSchema } from '../../../../shared/alerting/router/alert-state';
import { repeatSweepRequestSchema } from '../../../../shared/alerting/router/repeat-sweep-request';
import { TOPICS } from '../../../../shared/kernel/topology';
import type { MackerelEventMessage } from '../../../../shared/mackerel/webhook/mackerel-event-message';
import {
  type NotificationMessage,
  notificationMessageSchema,
} from '../../../../shared/notify/message/notification-message';
import { firestoreOrgs } from '../../../../shared/orgs/adapters/firestore-orgs';
import { COLLECTIONS } from '../../../../shared/platform/firestore/firestore-collections';
import { HOST_DOWN_INHIBITS_HOST_ALERTS } from '../../../../shared/routing/inhibition/host-down-rule';
import { type FlowBackends, startFlowBackends } from '../../../support/flow-backends';
import { type FunctionUnderTest, startFunctionUnderTest } from '../../../support/function-under-test';
import { type PushReceiver, pushData, startPushReceiver } from '../../../support/push-receiver';
import { pushToFunction } from '../../../support/push-to-function';
import { eventMessage, withAlert, withHost } from '../../../support/router-world';

/**
 * Inhibition across the router and the repeat sweep, each from source in its own process under the
 * functions framework, against the Firestore emulator and the local Pub/Sub server: the host-down rule
 * holds a CPU alert back while its host's connectivity alert is open, and the sweep the router asks for
 * when that closes mails it, once.
 */

const ORG = 'inhibit-it';
const WEB01 = { id: '3xHostA1b2C', name: 'web01' };
const OPENED = 1767225600;

let backends: FlowBackends;
let receiver: PushReceiver;
let db: Firestore;
let router: FunctionUnderTest;
let sweeper: FunctionUnderTest;

before(async () => {
  receiver = await startPushReceiver();
  backends = await startFlowBackends({ notificationsTo: receiver.url });
  db = backends.db;
  await firestoreOrgs(db).upsert({
    name: ORG,
    displayName: 'Inhibit IT',
    enabled: true,
    language: 'en',
    contacts: [],
    declaredNetworks: [],
    memo: '',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  const routing = firestoreRoutingConfig(db);
  await routing.putRoute(ORG, {
    id: 'shop',
    name: 'shop team',
    order: 10,
    match: { services: ['shop'] },
    recipients: { to: ['shop@inhibit-it.example'] },
  });
  await routing.putInhibitRule(ORG, HOST_DOWN_INHIBITS_HOST_ALERTS);
  const env = { ROUTER_PUBLISH_TIMEOUT_MS: '1000', ROUTER_GROUPING: 'false' };
  [router, sweeper] = await Promise.all([
    startFunctionUnderTest('router', 'router', env),
    startFunctionUnderTest('repeat-sweep', 'repeatSweep', env),
  ]);
});

after(async () => {
  await Promise.all([router?.stop(), sweeper?.stop()]);
  await receiver?.close();
  await backends?.stop();
});

const connectivity = (id: string, closedAt?: number) =>
  eventMessage('alert-connectivity.json', {
    org: ORG,
    receivedAt: new Date().toISOString(),
    patch: (body) => {
      withHost(WEB01)(body);
      withAlert(
        closedAt === undefined
          ? { id }
          : { id, status: 'ok', isOpen: false, closedAt, statusChangedAt: closedAt },
      )(body);
    },
  });
const cpu = (id: string) =>
  eventMessage('alert-host-critical.json', {
    org: ORG,
    receivedAt: new Date().toISOString(),
    patch: withAlert({ id, statusChangedAt: OPENED + 60 }),
  });

async function route(message: MackerelEventMessage): Promise<void> {
  const res = await pushToFunction(router, 'mackerel-events--router', message, { org: message.org });
  assert.equal(res.status, 200, await res.text());
}

async function sweep(data: unknown): Promise<void> {
  const res = await pushToFunction(sweeper, 'repeat-sweep-requests--repeat-sweep', data);
  assert.equal(res.status, 200, await res.text());
}

async function notificationsFor(alertId: string): Promise<NotificationMessage[]> {
  await backends.pubsub.whenIdle();
  return receiver.received
    .map((envelope) => notificationMessageSchema.parse(pushData(envelope)))
    .filter((n) => n.alerts.some((a) => a.alertId === alertId));
}

async function waitForNotifications(alertId: string, count: number): Promise<NotificationMessage[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = await notificationsFor(alertId);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function alertState(alertId: string) {
  const doc = await db
    .collection(COLLECTIONS.orgs)
    .doc(ORG)
    .collection(COLLECTIONS.alerts)
    .doc(alertId)
    .get();
  return doc.exists ? alertStateSchema.parse(doc.data()) : undefined;
}

const sweepRequests = () =>
  backends.pubsub
    .publishedTo(TOPICS.repeatSweepRequests)
    .map((m) => repeatSweepRequestSchema.parse(JSON.parse(m.data.toString('utf8'))));

describe('inhibition: router and repeat sweep end to end', () => {
  it("a host's CPU alert waits while its connectivity alert is open, and is mailed once after", async () => {
    await route(connectivity('ItDown01'));
    assert.equal((await waitForNotifications('ItDown01', 1)).length, 1);
    await route(cpu('ItCpu01'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(await notificationsFor('ItCpu01'), []);
    assert.deepEqual((await alertState('ItCpu01'))?.suppression, {
      kind: 'inhibition',
      ruleId: 'host-down',
      ruleName: HOST_DOWN_INHIBITS_HOST_ALERTS.name,
      sourceAlertId: 'ItDown01',
      sourceMonitorName: 'connectivity',
    });
    assert.deepEqual(sweepRequests(), []);

    await route(connectivity('ItDown01', OPENED + 900));
    const requests = sweepRequests();
    assert.deepEqual(requests, [{ reason: 'inhibition-released', org: ORG }]);
    assert.deepEqual(await notificationsFor('ItCpu01'), [], 'mailed by the sweep, not by the router');

    await sweep(requests[0]);
    const [alert, ...rest] = await waitForNotifications('ItCpu01', 1);
    assert.deepEqual(rest, []);
    assert.equal(alert?.kind, 'alert');
    assert.deepEqual(alert?.recipients, { to: ['shop@inhibit-it.example'], cc: [] });
    assert.equal(alert?.alerts[0]?.status, 'critical');
    const state = await alertState('ItCpu01');
    assert.equal(state?.suppression, null);
    assert.deepEqual(state?.outbox, {});
    assert.ok(sweeper.lines.some((line) => line.includes('alert no longer muted: notified')));

    await sweep(requests[0]);
    await sweep({ reason: 'schedule' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await notificationsFor('ItCpu01')).length, 1, 'later sweeps mail nothing more');
  });
});
