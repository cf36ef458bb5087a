/**
 * Routing to chat and paging end to end: the router and the mailer from source in their own processes,
 * the npm Firestore emulator, the local Pub/Sub server (notifications reach a test receiver and are
 * pushed on to the mailer as Pub/Sub would), the local Secret Manager, and the SendGrid and chat
 * stand-ins. The business-hours route applies by a time interval; "out of hours" is made by storing an
 * interval that does not hold now (the pure tests cover the real business hours at Sunday 03:00 JST).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Firestore } from '@google-cloud/firestore';
import { ChatStandin } from '../../../local/chat/chat-standin';
import { LocalSecretManager } from '../../../local/secrets/local-secret-manager';
import { SendgridStandin } from '../../../local/sendgrid/sendgrid-standin';
import { firestoreRoutingConfig } from '../../../shared/alerting/adapters/firestore-routing-config';
import { createLogger } from '../../../shared/kernel/log/logger';
import type { MackerelEventMessage } from '../../../shared/mackerel/webhook/mackerel-event-message';
import { notificationMessageSchema } from '../../../shared/notify/message/notification-message';
import { COLLECTIONS } from '../../../shared/platform/firestore/firestore-collections';
import type { TimeIntervalInput } from '../../../shared/routing/time-intervals/time-interval-schema';
import { type FlowBackends, startFlowBackends } from '../../support/flow-backends';
import { type FunctionUnderTest, startFunctionUnderTest } from '../../support/function-under-test';
import { PROJECT } from '../../support/intake-env';
import { type PushReceiver, pushData, startPushReceiver } from '../../support/push-receiver';
import { eventMessage, withAlert } from '../../support/router-world';

const ORG = 'chat-it';
const ROUTING_KEY = '0123456789abcdef0123456789abcdef';

let backends: FlowBackends;
let db: Firestore;
let receiver: PushReceiver;
let chat: ChatStandin;
let sendgrid: SendgridStandin;
let secrets: LocalSecretManager;
let router: FunctionUnderTest;
let mailer: FunctionUnderTest;
let flusher: FunctionUnderTest;

/** Weekdays all day, in a month other than this one: never holds now. */
const notNow = () => {
  const month = new Date().getUTCMonth() + 1;
  const other = (month % 12) + 1;
  return { id: 'office', spans: [{ months: [String(other)] }] };
};
const always = { id: 'office', spans: [{ times: [{ start: '00:00', end: '24:00' }] }] };

/** JST HH:MM of a time. */
const jstClock = (at: Date) => new Date(at.getTime() + 9 * 3600_000).toISOString().slice(11, 16);
/** Office hours that begin at the first whole minute at least 20 s away, for one minute. */
function opensSoon(): { interval: TimeIntervalInput; opensAt: Date } {
  const opensAt = new Date(Math.ceil((Date.now() + 20_000) / 60_000) * 60_000);
  const end = jstClock(new Date(opensAt.getTime() + 60_000));
  const times = [{ start: jstClock(opensAt), end: end === '00:00' ? '24:00' : end }];
  return { interval: { id: 'office', spans: [{ times }] }, opensAt };
}

before(async () => {
  receiver = await startPushReceiver();
  backends = await startFlowBackends({ notificationsTo: receiver.url });
  db = backends.db;
  const quiet = createLogger({}, () => {});
  chat = new ChatStandin({ port: 0, logger: quiet });
  sendgrid = new SendgridStandin({ port: 0, logger: quiet });
  await Promise.all([chat.start(), sendgrid.start()]);
  secrets = new LocalSecretManager({
    projectId: PROJECT,
    port: 0,
    logger: quiet,
    secrets: { 'slack-noc': `${chat.baseUrl}/slack/services/T/B/noc`, 'pd-oncall': ROUTING_KEY },
  });
  const secretsPort = await secrets.start();
  const routing = firestoreRoutingConfig(db);
  await routing.putTimeInterval(always);
  await routing.putRoute(ORG, {
    id: 'pager',
    name: 'criticals page on-call',
    order: 5,
    match: { minSeverity: 'critical' },
    continue: true,
    targets: [{ kind: 'pagerduty', routingKeySecret: 'pd-oncall' }],
    groupIntervalSeconds: 1,
  });
  await routing.putRoute(ORG, {
    id: 'noc-hours',
    name: 'NOC in office hours',
    order: 10,
    match: {},
    activeTimeIntervals: ['office'],
    whileMuted: 'hold',
    recipients: { to: ['noc@chat-it.example'] },
    targets: [{ kind: 'email' }, { kind: 'slack', webhookUrlSecret: 'slack-noc' }],
    groupIntervalSeconds: 1,
  });
  [router, mailer, flusher] = await Promise.all([
    startFunctionUnderTest('router', 'router', { ROUTER_PUBLISH_TIMEOUT_MS: '1000' }),
    startFunctionUnderTest('mailer', 'mailer', {
      SENDGRID_API_BASE_URL: sendgrid.baseUrl,
      SENDGRID_API_KEY: 'SG.flow-test',
      MAIL_FROM_ADDRESS: 'alerts@msp-ops.example',
      MAILER_LEASE_SECONDS: '20',
      SECRET_MANAGER_LOCAL_ENDPOINT: `127.0.0.1:${secretsPort}`,
      MAILER_SECRET_CACHE_SECONDS: '0',
      PAGERDUTY_EVENTS_URL: `${chat.baseUrl}/pagerduty/v2/enqueue`,
    }),
    startFunctionUnderTest('digest-flush', 'digestFlush', { DIGEST_FLUSH_GRACE_SECONDS: '0' }),
  ]);
});

after(async () => {
  await Promise.all([router?.stop(), mailer?.stop(), flusher?.stop()]);
  await Promise.all([chat?.stop(), sendgrid?.stop(), secrets?.stop(), receiver?.close()]);
  await backends?.stop();
});

async function push(fn: FunctionUnderTest, data: unknown, subscription: string): Promise<void> {
  const res = await fetch(`${fn.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: {
        data: Buffer.from(JSON.stringify(data)).toString('base64'),
        attributes: {},
        messageId: randomUUID(),
        publishTime: new Date().toISOString(),
      },
      subscription: `projects/${PROJECT}/subscriptions/${subscription}`,
      deliveryAttempt: 1,
    }),
  });
  assert.equal(res.status, 200, await res.text());
}

/** Runs `step`, then hands every notification published since to the mailer (twice: a redelivery). */
async function deliverAfter(step: () => Promise<void>): Promise<void> {
  const before = receiver.received.length;
  await step();
  await new Promise((r) => setTimeout(r, 300));
  for (const envelope of receiver.received.slice(before)) {
    const n = notificationMessageSchema.parse(pushData(envelope));
    await push(mailer, n, 'notifications--mailer');
    await push(mailer, n, 'notifications--mailer');
  }
}

const route = (message: MackerelEventMessage) =>
  deliverAfter(() => push(router, message, 'mackerel-events--router'));

const accepted = (service: 'slack' | 'pagerduty') => chat.messages(service).filter((m) => m.status < 300);
const alertEvent = (id: string, fixture = 'alert-host-critical.json') =>
  eventMessage(fixture, { org: ORG, receivedAt: new Date().toISOString(), patch: withAlert({ id }) });

describe('chat and paging routing (router + mailer, emulator, local Pub/Sub, stand-ins)', () => {
  beforeEach(() => {
    chat.clear();
    sendgrid.clear();
  });

  it('in office hours a critical reaches mail, Slack and PagerDuty once each, posted twice; its recovery resolves', async () => {
    const opened = alertEvent('ChatFlow1');
    await route(opened);
    await route(opened);
    assert.equal(sendgrid.messages().length, 1);
    assert.equal(accepted('slack').length, 1);
    assert.equal(accepted('pagerduty').length, 1);

    const closed = alertEvent('ChatFlow1', 'alert-host-ok.json');
    await route(closed);
    const events = accepted('pagerduty').map((m) => m.body as { event_action: string; dedup_key: string });
    assert.deepEqual(
      events.map((e) => e.event_action),
      ['trigger', 'resolve'],
    );
    assert.equal(events[0]?.dedup_key, events[1]?.dedup_key);
    assert.equal(chat.incidents()[0]?.status, 'resolved');
    assert.equal(sendgrid.messages().length, 2, 'the recovery mail');
  });

  it('out of office hours the same kind of alert goes only to PagerDuty', async () => {
    await firestoreRoutingConfig(db).putTimeInterval(notNow());
    await new Promise((r) => setTimeout(r, 1200)); // the router's routing cache checks versions each event
    await route(alertEvent('ChatFlow2'));
    assert.equal(accepted('pagerduty').length, 1);
    assert.equal(accepted('slack').length, 0);
    assert.equal(sendgrid.messages().length, 0);
    await firestoreRoutingConfig(db).putTimeInterval(always);
  });

  it('out of hours the NOC route holds: nothing now, one digest to mail and Slack when its hours begin', async () => {
    const { interval, opensAt } = opensSoon();
    await firestoreRoutingConfig(db).putTimeInterval(interval);
    await new Promise((r) => setTimeout(r, 1200));
    const warning = eventMessage('alert-host-critical.json', {
      org: ORG,
      receivedAt: new Date().toISOString(),
      patch: withAlert({ id: 'ChatFlow3', status: 'warning' }),
    });
    await route(warning);
    await route(alertEvent('ChatFlow4'));
    assert.equal(sendgrid.messages().length, 0);
    assert.equal(accepted('slack').length, 0);
    assert.equal(accepted('pagerduty').length, 1, 'the critical pages at once');
    const open = await db.collection(COLLECTIONS.groupDigests).where('status', '==', 'open').get();
    const ends = open.docs
      .filter((d) => d.get('routeKey') === 'org:noc-hours')
      .map((d) => Date.parse(String(d.get('windowEnd'))) - opensAt.getTime());
    // Test 2's alert waits for its own digest (its office hours were months away); this one for the minute.
    assert.equal(
      ends.filter((ms) => ms >= 0 && ms < 1000).length,
      1,
      `held digests end ${ends.join(', ')} ms after`,
    );
    // The window ends at the whole second after the hours begin.
    await new Promise((r) => setTimeout(r, Math.max(0, opensAt.getTime() - Date.now()) + 1500));
    await deliverAfter(() => push(flusher, { reason: 'manual' }, 'digest-flush-requests--digest-flush'));
    const [mail, ...moreMail] = sendgrid.messages();
    assert.equal(moreMail.length, 0);
    assert.match(mail?.subject ?? '', /^\[CRITICAL\]\[DIGEST\] 2 alerts/);
    assert.equal(accepted('slack').length, 1);
    await firestoreRoutingConfig(db).putTimeInterval(always);
  });
});
