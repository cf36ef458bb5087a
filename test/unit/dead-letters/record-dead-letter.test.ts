import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordDeadLetter } from '../../../shared/dead-letters/record-dead-letter';
import type { PushEnvelope } from '../../../shared/platform/pubsub/push-envelope';
import { captureLogs } from '../../support/capture-logs';
import { InMemoryDeadLetters } from '../../support/fakes/in-memory-dead-letters';
import { notification } from '../../support/notifications';

const deadLetterAttributes = {
  org: 'acme-prod',
  correlationId: 'corr-0123456789',
  CloudPubSubDeadLetterSourceDeliveryCount: '5',
  CloudPubSubDeadLetterSourceSubscription: 'notifications--mailer',
  CloudPubSubDeadLetterSourceSubscriptionProject: 'msp-ops-prod',
  CloudPubSubDeadLetterSourceTopicPublishTime: '2026-01-01T00:00:01.000+00:00',
};

function envelope(data: string, messageId = 'dl-1'): PushEnvelope {
  return {
    message: {
      data: Buffer.from(data).toString('base64'),
      attributes: deadLetterAttributes,
      messageId,
      publishTime: '2026-01-01T00:03:00.000Z',
    },
    subscription: 'projects/msp-ops-prod/subscriptions/notifications-dead-letter--dead-letter-recorder',
    deliveryAttempt: 1,
  };
}

describe('recordDeadLetter', () => {
  const now = () => new Date('2026-01-01T00:03:01Z');

  it('records the notification for replay and logs ERROR with whose it was, not the addresses', async () => {
    const store = new InMemoryDeadLetters();
    const logs = captureLogs();
    const n = notification();
    const raw = JSON.stringify(n);
    await recordDeadLetter({ store, logger: logs.logger, now }, JSON.parse(raw), envelope(raw));

    assert.deepEqual(store.records.get('dl-1'), {
      id: 'dl-1',
      sourceTopic: 'notifications',
      sourceSubscription: 'notifications--mailer',
      deliveryAttempts: 5,
      publishedAt: '2026-01-01T00:00:01.000+00:00',
      notificationId: n.id,
      org: 'acme-prod',
      kind: 'alert',
      routeId: 'acme-default',
      correlationId: 'corr-0123456789',
      issues: undefined,
      data: raw,
      attributes: deadLetterAttributes,
      recordedAt: now(),
    });
    const [line, ...rest] = logs.lines;
    assert.equal(rest.length, 0);
    const entry = JSON.parse(line ?? '{}');
    assert.equal(entry.severity, 'ERROR');
    assert.equal(entry.message, 'notification dead-lettered');
    assert.equal(entry.notificationId, n.id);
    assert.equal(entry.org, 'acme-prod');
    assert.equal(entry.kind, 'alert');
    assert.equal(entry.recipients, 3);
    assert.deepEqual(entry.recipientDomains, ['example.com']);
    assert.doesNotMatch(line ?? '', /ops@|oncall@|lead@/);
  });

  it('records data that is no valid notification too, with what it could tell and why it failed', async () => {
    const store = new InMemoryDeadLetters();
    const logs = captureLogs();
    const data = { id: 'n-broken', org: 'acme-prod', kind: 42 };
    await recordDeadLetter({ store, logger: logs.logger, now }, data, envelope(JSON.stringify(data), 'dl-2'));
    const record = store.records.get('dl-2');
    assert.equal(record?.notificationId, 'n-broken');
    assert.equal(record?.kind, undefined);
    assert.ok(record?.issues?.some((i) => i.startsWith('version: ')));
    assert.equal(logs.entries()[0]?.valid, false);
  });

  it("records any worker's dead letter with its source topic and whose it was", async () => {
    const store = new InMemoryDeadLetters();
    const logs = captureLogs();
    const event = {
      version: 1,
      org: 'acme-prod',
      source: 'webhook',
      receivedAt: '2026-01-01T00:00:00.000Z',
      correlationId: 'corr-ev',
      dedupKey: 'k1',
      body: { event: 'sample' },
    };
    const raw = JSON.stringify(event);
    const dead = envelope(raw, 'dl-ev');
    dead.message.attributes = {
      ...deadLetterAttributes,
      CloudPubSubDeadLetterSourceSubscription: 'mackerel-events--router',
      event: 'sample',
    };
    await recordDeadLetter({ store, logger: logs.logger, now }, JSON.parse(raw), dead);
    const record = store.records.get('dl-ev');
    assert.equal(record?.sourceTopic, 'mackerel-events');
    assert.equal(record?.org, 'acme-prod');
    assert.equal(record?.correlationId, 'corr-ev');
    assert.equal(record?.data, raw);
    const [entry] = logs.entries();
    assert.equal(entry?.severity, 'ERROR');
    assert.equal(entry?.message, 'message dead-lettered');
    assert.equal(entry?.sourceTopic, 'mackerel-events');
  });

  it('records a redelivered dead letter once and still logs it', async () => {
    const store = new InMemoryDeadLetters();
    const logs = captureLogs();
    const raw = JSON.stringify(notification());
    await recordDeadLetter({ store, logger: logs.logger, now }, JSON.parse(raw), envelope(raw));
    await recordDeadLetter({ store, logger: logs.logger, now }, JSON.parse(raw), envelope(raw));
    assert.equal(store.records.size, 1);
    assert.deepEqual(
      logs.entries().map((e) => e.alreadyRecorded),
      [false, true],
    );
  });
});
