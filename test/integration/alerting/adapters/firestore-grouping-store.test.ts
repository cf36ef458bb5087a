import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { firestoreGroupingStore } from '../../../../shared/alerting/adapters/firestore-grouping-store';
import { flushDigests } from '../../../../shared/alerting/storm/flush-digests';
import { hourBucketOf, minuteBucketOf } from '../../../../shared/alerting/storm/grouping';
import { groupingNotificationSink } from '../../../../shared/alerting/storm/grouping-sink';
import type { NotificationMessage } from '../../../../shared/notify/message/notification-message';
import { COLLECTIONS } from '../../../../shared/platform/firestore/firestore-collections';
import { docIdOf } from '../../../../shared/platform/firestore/firestore-doc-id';
import { captureLogs } from '../../../support/capture-logs';
import { InMemoryAlertStates } from '../../../support/fakes/in-memory-alert-states';
import { InMemoryPublisher } from '../../../support/fakes/in-memory-publisher';
import { Faults } from '../../../support/fakes/step-faults';
import { type FlowBackends, startFlowBackends } from '../../../support/flow-backends';
import { notification } from '../../../support/notifications';
import { sendCaps } from '../../../support/send-caps';

/**
 * Storm control's concurrency on the real client against the npm emulator, which enforces create() but
 * ignores lastUpdateTime preconditions: the window is opened with create-only markers, so many routers
 * deciding at once still open one window.
 */
let backends: FlowBackends;

before(async () => {
  backends = await startFlowBackends();
});

after(async () => {
  await backends?.stop();
});

const T0 = new Date('2026-01-01T00:00:00.000Z');

function alertFor(i: number, routeId: string): NotificationMessage {
  const base = notification();
  const [alert] = base.alerts;
  assert.ok(alert);
  return { ...base, id: `${routeId}-alert-${i}`, routeId, alerts: [{ ...alert, alertId: `A${i}` }] };
}

describe('firestoreGroupingStore on the emulator', () => {
  it('50 concurrent alerts for one route: exactly 1 mail at once, the other 49 in 1 digest', async () => {
    const store = firestoreGroupingStore(backends.db);
    const seeded = new InMemoryPublisher();
    const { logger } = captureLogs();
    // The route had a window before, which has ended: the 50 race to open its successor.
    await groupingNotificationSink({
      store,
      publisher: seeded,
      caps: sendCaps({ mailsPerHour: 1000 }),
    }).submit([alertFor(100, 'org:concurrent')], logger, {
      now: new Date(T0.getTime() - 600_000),
      groupIntervalOf: () => 300,
    });
    assert.equal(seeded.published.length, 1);
    const publisher = new InMemoryPublisher();
    // One sink per alert: 50 router instances deciding at the same instant.
    const submits = Array.from({ length: 50 }, (_, i) =>
      groupingNotificationSink({
        store,
        publisher,
        caps: sendCaps({ mailsPerHour: 1000 }),
        maxAttempts: 10,
      }).submit([alertFor(i, 'org:concurrent')], logger, { now: T0, groupIntervalOf: () => 300 }),
    );
    await Promise.all(submits);
    const published = () =>
      publisher.published.map((m) => JSON.parse(m.data.toString('utf8')) as NotificationMessage);
    assert.equal(published().length, 1, 'mails sent at once');

    const flushed = await flushDigests(
      {
        store,
        publisher,
        alerts: new InMemoryAlertStates(new Faults()),
        logger,
        graceSeconds: 0,
        now: () => new Date(T0.getTime() + 301_000),
      },
      { reason: 'manual' },
    );
    assert.equal(flushed.published.length, 1, 'digests');
    const digest = published().find((n) => n.kind === 'digest');
    const firstId = published()[0]?.id;
    assert.equal((digest?.alerts.length ?? 0) + (digest?.suppressedCount ?? 0), 49);
    assert.ok(!digest?.alerts.some((a) => `org:concurrent-alert-${a.alertId.slice(1)}` === firstId));
  });

  it('a window that ended is followed by exactly one new window, however many open it at once', async () => {
    const store = firestoreGroupingStore(backends.db);
    const publisher = new InMemoryPublisher();
    const { logger } = captureLogs();
    const submitAt = (i: number, now: Date) =>
      groupingNotificationSink({
        store,
        publisher,
        caps: sendCaps({ mailsPerHour: 1000 }),
        maxAttempts: 10,
      }).submit([alertFor(i, 'org:successor')], logger, { now, groupIntervalOf: () => 60 });
    await submitAt(0, T0);
    const later = new Date(T0.getTime() + 120_000);
    await Promise.all(Array.from({ length: 20 }, (_, i) => submitAt(i + 1, later)));
    assert.equal(publisher.published.length, 2, 'one mail per window');
  });

  it('the window a send opens counts it for its recipients in the same write; a lost opening counts nothing', async () => {
    const store = firestoreGroupingStore(backends.db);
    const window = {
      scopeKey: 'acme__org:counted',
      routeKey: 'org:counted',
      windowStart: T0.toISOString(),
      windowEnd: new Date(T0.getTime() + 60_000).toISOString(),
      firstSentId: 'n-1',
    };
    const hour = hourBucketOf(T0);
    const buckets = ['a@x.example', 'b@x.example'].map((key) => ({ key, bucket: hour }));
    const sent = (id: string) => ({ buckets, notificationId: id, now: T0 });
    assert.equal(await store.putWindow(window, undefined, sent('n-1')), window.windowStart);
    // A second router that also read "no window" loses the opening: its notification is not counted.
    assert.equal(await store.putWindow({ ...window, firstSentId: 'n-2' }, undefined, sent('n-2')), undefined);
    assert.equal(await store.sentIn({ key: 'a@x.example', bucket: hour }), 1);
    assert.equal(await store.sentIn({ key: 'b@x.example', bucket: hour }), 1);
  });

  it('the hourly cap engages on the emulator: past it, a recipient gets further alerts folded', async () => {
    const store = firestoreGroupingStore(backends.db);
    const publisher = new InMemoryPublisher();
    const { logger } = captureLogs();
    const sink = groupingNotificationSink({ store, publisher, caps: sendCaps({ mailsPerHour: 2 }) });
    // Three routes (three windows) to one address: each would be sent at once but for the cap.
    for (const route of ['org:cap-a', 'org:cap-b', 'org:cap-c']) {
      const base = alertFor(1, route);
      await sink.submit([{ ...base, recipients: { to: ['capped@x.example'], cc: [] } }], logger, {
        now: T0,
        groupIntervalOf: () => 60,
      });
    }
    assert.equal(publisher.published.length, 2);
    assert.equal(await store.sentIn({ key: 'capped@x.example', bucket: hourBucketOf(T0) }), 2);
  });

  it("counts a chat webhook's sends per minute, once per id; an address's hour keeps its document id", async () => {
    const store = firestoreGroupingStore(backends.db);
    const slack = { key: 'slack:count-webhook', bucket: minuteBucketOf(T0) };
    const nextMinute = { ...slack, bucket: minuteBucketOf(new Date(T0.getTime() + 60_000)) };
    const address = { key: 'minute@x.example', bucket: hourBucketOf(T0) };
    const record = (id: string, buckets = [slack, address]) =>
      store.recordSent({ buckets, notificationId: id, now: T0 });
    await record('chat-1');
    await record('chat-1');
    await record('chat-2');
    await record('chat-3', [nextMinute]);
    assert.equal(await store.sentIn(slack), 2);
    assert.equal(await store.sentIn(nextMinute), 1);
    assert.equal(await store.sentIn(address), 2);
    // The documents: the address's as before per-target caps (a deploy keeps its counts), the webhook's by minute.
    const hours = backends.db.collection(COLLECTIONS.recipientHours);
    assert.ok((await hours.doc(docIdOf(`minute@x.example__${hourBucketOf(T0)}`)).get()).exists);
    assert.ok((await hours.doc('slack:count-webhook__m202601010000').get()).exists);
  });

  it('the Slack cap engages on the emulator: 2 a minute to one webhook, the third folded', async () => {
    const store = firestoreGroupingStore(backends.db);
    const publisher = new InMemoryPublisher();
    const { logger } = captureLogs();
    const sink = groupingNotificationSink({ store, publisher, caps: sendCaps({ slackPerMinute: 2 }) });
    const targets = [{ kind: 'slack' as const, webhookUrlSecret: 'capped-webhook' }];
    for (const [i, org] of ['org-a', 'org-b', 'org-c'].entries()) {
      const n = { ...alertFor(i, 'org:chat'), org, targets, recipients: { to: [], cc: [] } };
      await sink.submit([n], logger, { now: T0, groupIntervalOf: () => 60 });
    }
    assert.equal(publisher.published.length, 2);
    assert.equal(await store.sentIn({ key: 'slack:capped-webhook', bucket: minuteBucketOf(T0) }), 2);
  });
});
