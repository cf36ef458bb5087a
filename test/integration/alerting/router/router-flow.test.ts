import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Firestore } from '@google-cloud/firestore';
import { firestoreRoutingConfig } from '../../../../shared/alerting/adapters/firestore-routing-config';
import { alertStateSchema } from '../../../../shared/alerting/router/alert-state';
import { hostRecordSchema } from '../../../../shared/alerting/router/host-record';
import { ROUTER_TOPICS } from '../../../../shared/alerting/router/router-topics';
import { hostRegisterAuditRequestSchema } from '../../../../shared/kernel/messages/audit-request';
import type { MackerelEventMessage } from '../../../../shared/mackerel/webhook/mackerel-event-message';
import {
  type NotificationMessage,
  notificationMessageSchema,
} from '../../../../shared/notify/message/notification-message';
import { firestoreOrgs } from '../../../../shared/orgs/adapters/firestore-orgs';
import { COLLECTIONS } from '../../../../shared/platform/firestore/firestore-collections';
import { type FlowBackends, startFlowBackends } from '../../../support/flow-backends';
import { type FunctionUnderTest, startFunctionUnderTest } from '../../../support/function-under-test';
import { PROJECT } from '../../../support/intake-env';
import { type PushReceiver, pushData, startPushReceiver } from '../../../support/push-receiver';
import { eventMessage, withAlert, withHost } from '../../../support/router-world';

/**
 * The router from source under the functions framework, in its own process, against the npm Firestore
 * emulator and the local Pub/Sub server; notifications reach a test receiver through a push
 * subscription, as they will reach the mailer. Events are pushed to the router as Pub/Sub would.
 */

const ORG = 'router-it';
const TEAM = { to: ['web@router-it.example'], cc: ['lead@router-it.example'] };

let backends: FlowBackends;
let receiver: PushReceiver;
let db: Firestore;
let router: FunctionUnderTest;

before(async () => {
  receiver = await startPushReceiver();
  backends = await startFlowBackends({ notificationsTo: receiver.url });
  db = backends.db;
  await firestoreOrgs(db).upsert({
    name: ORG,
    displayName: 'Router IT',
    enabled: true,
    language: 'ja',
    contacts: [],
    declaredNetworks: [],
    memo: '',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  await firestoreRoutingConfig(db).putRoute(ORG, {
    id: 'web-team',
    name: 'shop web team',
    order: 10,
    match: { services: ['shop'] },
    recipients: TEAM,
  });
  router = await startFunctionUnderTest('router', 'router', {
    ROUTER_PUBLISH_TIMEOUT_MS: '1000',
    // One mail per alert here; storm control has its own test (storm-flow.test.ts).
    ROUTER_GROUPING: 'false',
  });
});

after(async () => {
  await router?.stop();
  await receiver?.close();
  await backends?.stop();
});

/** A mackerel-events message for ORG from a fixture, about its own alert id so tests stay apart. */
function alertMessage(fixture: string, alertId: string, patch?: (b: Record<string, unknown>) => void) {
  return eventMessage(fixture, {
    org: ORG,
    receivedAt: new Date().toISOString(),
    patch: (body) => {
      withAlert({ id: alertId })(body);
      patch?.(body);
    },
  });
}

function push(message: MackerelEventMessage): Promise<Response> {
  const body = message.body as { event?: string; alert?: { id?: string } };
  return fetch(`${router.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: {
        data: Buffer.from(JSON.stringify(message)).toString('base64'),
        attributes: {
          org: message.org,
          event: body.event ?? 'unknown',
          dedupKey: message.dedupKey,
          correlationId: message.correlationId,
          ...(body.alert?.id ? { alertId: body.alert.id } : {}),
        },
        messageId: randomUUID(),
        publishTime: new Date().toISOString(),
      },
      subscription: `projects/${PROJECT}/subscriptions/mackerel-events--router`,
      deliveryAttempt: 1,
    }),
  });
}

async function pushOk(message: MackerelEventMessage): Promise<void> {
  const res = await push(message);
  assert.equal(res.status, 200, await res.text());
}

/** Notifications received about one alert, once Pub/Sub has nothing left in flight. */
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
  const snapshot = await db
    .collection(COLLECTIONS.orgs)
    .doc(ORG)
    .collection(COLLECTIONS.alerts)
    .doc(alertId)
    .get();
  return snapshot.exists ? alertStateSchema.parse(snapshot.data()) : undefined;
}

describe('router: alerts end to end', () => {
  it('a critical -> one notification to the route recipients', async () => {
    const message = alertMessage('alert-host-critical.json', 'ItCrit01');
    await pushOk(message);
    const [n, ...rest] = await waitForNotifications('ItCrit01', 1);
    assert.deepEqual(rest, []);
    assert.ok(n);
    assert.equal(n.kind, 'alert');
    assert.equal(n.org, ORG);
    assert.equal(n.routeId, 'org:web-team');
    assert.equal(n.language, 'ja');
    assert.deepEqual(n.recipients, TEAM);
    assert.equal(n.correlationId, message.correlationId);
    assert.equal(n.alerts[0]?.target, 'web01');
    assert.equal(n.alerts[0]?.orgDisplayName, 'Router IT');
    const state = await alertState('ItCrit01');
    assert.equal(state?.status, 'critical');
    assert.deepEqual(state?.outbox, {});
    const marker = await db.collection(COLLECTIONS.dedupKeys).doc(`${ORG}__${message.dedupKey}`).get();
    assert.equal(marker.get('outcome'), 'opened');
    assert.ok(marker.get('expiresAt').toMillis() > Date.now() + 6 * 86_400_000);
  });

  it('the same message pushed twice -> still one', async () => {
    const message = alertMessage('alert-host-critical.json', 'ItTwice1');
    await pushOk(message);
    await pushOk(message);
    await pushOk({ ...message, correlationId: 'mackerel-posted-again' });
    await waitForNotifications('ItTwice1', 1);
    assert.equal((await notificationsFor('ItTwice1')).length, 1);
    const published = backends.pubsub
      .publishedTo(ROUTER_TOPICS.notifications)
      .filter((m) => m.data.toString('utf8').includes('ItTwice1'));
    assert.equal(published.length, 1);
  });

  it('OK after CRITICAL -> one recovery to the recipients that got the alert', async () => {
    await pushOk(alertMessage('alert-host-critical.json', 'ItRecov1'));
    await waitForNotifications('ItRecov1', 1);
    // The route changes in between: the recovery still goes to whoever got the alert.
    const routing = firestoreRoutingConfig(db);
    await routing.putRoute(ORG, {
      id: 'web-team',
      name: 'shop web team',
      order: 10,
      match: { services: ['shop'] },
      recipients: { to: ['new-people@router-it.example'] },
    });
    try {
      await pushOk(alertMessage('alert-host-ok.json', 'ItRecov1'));
      const [alert, recovery, ...rest] = await waitForNotifications('ItRecov1', 2);
      assert.deepEqual(rest, []);
      assert.equal(alert?.kind, 'alert');
      assert.equal(recovery?.kind, 'recovery');
      assert.deepEqual(recovery?.recipients, TEAM);
      assert.equal(recovery?.alerts[0]?.status, 'ok');
      assert.equal(recovery?.alerts[0]?.previousStatus, 'critical');
    } finally {
      await routing.putRoute(ORG, {
        id: 'web-team',
        name: 'shop web team',
        order: 10,
        match: { services: ['shop'] },
        recipients: TEAM,
      });
    }
  });

  it('OK before CRITICAL (reordered) -> the late critical is stale: no alert notification', async () => {
    await pushOk(alertMessage('alert-host-ok.json', 'ItReord1'));
    await pushOk(alertMessage('alert-host-critical.json', 'ItReord1'));
    await backends.pubsub.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(await notificationsFor('ItReord1'), []);
    const state = await alertState('ItReord1');
    assert.equal(state?.isOpen, false);
    const history = await db
      .collection(COLLECTIONS.orgs)
      .doc(ORG)
      .collection(COLLECTIONS.alerts)
      .doc('ItReord1')
      .collection(COLLECTIONS.alertEvents)
      .get();
    assert.deepEqual(history.docs.map((d) => d.get('transition')).sort(), ['recovered', 'stale']);
  });

  it('host in maintenance -> none (the webhook says so, or a later hostStatus did)', async () => {
    await pushOk(alertMessage('alert-host-critical.json', 'ItMaint01', withHost({ status: 'maintenance' })));
    // mnt02 goes into maintenance now; an alert of it that Mackerel built earlier still says working.
    await pushOk(
      eventMessage('hostStatus.json', {
        org: ORG,
        receivedAt: new Date().toISOString(),
        patch: withHost({ id: 'ItHostMnt2', name: 'mnt02' }),
      }),
    );
    await pushOk(
      alertMessage('alert-host-critical.json', 'ItMaint02', withHost({ id: 'ItHostMnt2', name: 'mnt02' })),
    );
    await backends.pubsub.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(await notificationsFor('ItMaint01'), []);
    assert.deepEqual(await notificationsFor('ItMaint02'), []);
    assert.equal((await alertState('ItMaint01'))?.suppression?.kind, 'maintenance');
    const second = await alertState('ItMaint02');
    assert.deepEqual(second?.suppression, {
      kind: 'maintenance',
      hostId: 'ItHostMnt2',
      hostName: 'mnt02',
      source: 'inventory',
    });
  });

  it('silenced -> none', async () => {
    const now = Date.now();
    await firestoreRoutingConfig(db).putSilence({
      id: 'it-silence',
      org: ORG,
      matchers: { hostNameGlob: 'silenced*' },
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      createdBy: 'ops@msp.example',
      comment: 'integration test',
    });
    await pushOk(
      alertMessage(
        'alert-host-critical.json',
        'ItSilent1',
        withHost({ id: 'ItHostSil1', name: 'silenced01' }),
      ),
    );
    await backends.pubsub.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(await notificationsFor('ItSilent1'), []);
    const state = await alertState('ItSilent1');
    assert.equal(state?.suppression?.kind === 'silence' && state.suppression.silenceId, 'it-silence');
  });
});

describe('repeat sweep (its own function, scheduled every 5 minutes)', () => {
  it('an alert still open past its route repeat interval -> one repeat; a second sweep -> none', async () => {
    await pushOk(alertMessage('alert-host-critical.json', 'ItRepeat1'));
    await waitForNotifications('ItRepeat1', 1);
    // Told five hours ago (the route repeats every 4 h by default).
    const ref = db.collection(COLLECTIONS.orgs).doc(ORG).collection(COLLECTIONS.alerts).doc('ItRepeat1');
    const told = new Date(Date.now() - 5 * 3_600_000).toISOString();
    await ref.update({ 'notifiedRoutes.org:web-team.lastNotifiedAt': told });
    const sweeper = await startFunctionUnderTest('repeat-sweep', 'repeatSweep', {
      ROUTER_PUBLISH_TIMEOUT_MS: '1000',
      ROUTER_GROUPING: 'false',
    });
    try {
      const sweep = () =>
        fetch(`${sweeper.url}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            message: {
              data: Buffer.from(JSON.stringify({ reason: 'manual' })).toString('base64'),
              messageId: randomUUID(),
              publishTime: new Date().toISOString(),
            },
            subscription: `projects/${PROJECT}/subscriptions/repeat-sweep-requests--repeat-sweep`,
          }),
        });
      assert.equal((await sweep()).status, 200);
      const [alert, repeat, ...rest] = await waitForNotifications('ItRepeat1', 2);
      assert.deepEqual(rest, []);
      assert.equal(alert?.kind, 'alert');
      assert.equal(repeat?.kind, 'repeat');
      assert.deepEqual(repeat?.recipients, TEAM);
      assert.equal(repeat?.alerts[0]?.message, alert?.alerts[0]?.message);
      assert.equal((await sweep()).status, 200);
      assert.equal((await notificationsFor('ItRepeat1')).length, 2);
      const state = await alertState('ItRepeat1');
      assert.equal(state?.notifiedRoutes['org:web-team']?.lastKind, 'repeat');
    } finally {
      await sweeper.stop();
    }
  });
});

describe('router: host events', () => {
  it('hostRegister -> the host in the inventory and a message on audit-requests', async () => {
    const message = eventMessage('hostRegister.json', { org: ORG, receivedAt: new Date().toISOString() });
    await pushOk(message);
    await pushOk(message); // a redelivery asks nothing more
    const requests = backends.pubsub
      .publishedTo(ROUTER_TOPICS.auditRequests)
      .map((m) => hostRegisterAuditRequestSchema.parse(JSON.parse(m.data.toString('utf8'))));
    assert.deepEqual(requests, [{ org: ORG, reason: 'hostRegister', hostId: '3xHostNew9' }]);
    const host = await db
      .collection(COLLECTIONS.orgs)
      .doc(ORG)
      .collection(COLLECTIONS.hosts)
      .doc('3xHostNew9')
      .get();
    const record = hostRecordSchema.parse(host.data());
    assert.equal(record.name, 'unknown-box');
    assert.equal(record.registeredAt, message.receivedAt);
  });
});

describe('router: poison and crashes', () => {
  it('a malformed body inside a good message is recorded at ERROR and acked (200)', async () => {
    const message = alertMessage('alert-host-critical.json', 'ItPoison1');
    const res = await push({
      ...message,
      body: { orgName: ORG, event: 'alert', alert: { id: 'ItPoison1' } },
    });
    assert.equal(res.status, 200);
    const line = router.lines.find((l) => l.includes('malformed event body'));
    assert.ok(line);
    assert.equal(JSON.parse(line).severity, 'ERROR');
  });

  it('a malformed push envelope is answered 400', async () => {
    const res = await fetch(`${router.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: { data: 'not base64 json' } }),
    });
    assert.equal(res.status, 400);
  });

  it('Pub/Sub down while publishing -> 5xx; after it is back, the redelivery -> exactly one notification', async () => {
    const message = alertMessage('alert-host-critical.json', 'ItCrash01');
    await backends.stopPubSub();
    try {
      const failed = await push(message);
      assert.ok(failed.status >= 500, `expected 5xx, got ${failed.status}`);
      // The decision is in Firestore already, in the alert's outbox.
      const pending = await alertState('ItCrash01');
      assert.equal(Object.keys(pending?.outbox ?? {}).length, 1);
    } finally {
      await backends.restartPubSub();
    }
    // Pub/Sub redelivers (with backoff) until the push succeeds.
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (status !== 200 && Date.now() < deadline) {
      status = (await push(message)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(status, 200);
    await pushOk(message); // and once more for good measure: already done
    const received = await waitForNotifications('ItCrash01', 1);
    assert.equal(received.length, 1);
    assert.equal(new Set(received.map((n) => n.id)).size, 1);
    assert.deepEqual((await alertState('ItCrash01'))?.outbox, {});
  });
});
