import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import {
  deliverNotification,
  deliveryPushOutcome,
} from '../../../../shared/notify/delivery/deliver-notification';
import {
  type DeliveryPolicy,
  decideClaim,
  firstClaim,
  markFailed,
  markSent,
  reclaim,
  release,
} from '../../../../shared/notify/delivery/delivery-record';
import { SendError } from '../../../../shared/notify/delivery/send-error';
import { type CapturedLogs, captureLogs } from '../../../support/capture-logs';
import { InMemoryDeliveryStore } from '../../../support/fakes/in-memory-delivery-store';
import { ScriptedMailSender } from '../../../support/fakes/scripted-mail-sender';
import { notification } from '../../../support/notifications';

const policy: DeliveryPolicy = { leaseMs: 60_000, retentionMs: 14 * 24 * 3600_000 };
const T0 = new Date('2026-01-01T00:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const n = notification();

describe('delivery record transitions (pure)', () => {
  const claimed = firstClaim(n, T0, policy);

  it('a first claim is SENDING under a lease, expiring after the retention', () => {
    assert.equal(claimed.state, 'SENDING');
    assert.equal(claimed.attempts, 1);
    assert.deepEqual(claimed.leaseUntil, later(60_000));
    assert.deepEqual(claimed.expiresAt, later(policy.retentionMs));
    assert.equal(claimed.notificationId, n.id);
  });

  it('decides: SENT and FAILED are done, PENDING is claimable, SENDING waits for its lease', () => {
    assert.deepEqual(decideClaim(markSent(claimed, T0, 'm'), later(1)), { action: 'done', state: 'SENT' });
    assert.deepEqual(decideClaim(markFailed(claimed, T0, { message: 'x' }), later(1)), {
      action: 'done',
      state: 'FAILED',
    });
    assert.deepEqual(decideClaim(release(claimed, T0, { message: 'x' }), later(1)), { action: 'claim' });
    assert.deepEqual(decideClaim(claimed, later(59_999)), { action: 'wait', leaseUntil: later(60_000) });
    assert.deepEqual(decideClaim(claimed, later(60_000)), { action: 'claim' });
  });

  it('SENDING -> SENT keeps the message id and drops the lease and the last error', () => {
    const again = reclaim(release(claimed, T0, { status: 429, message: 'slow down' }), later(10_000), policy);
    assert.equal(again.attempts, 2);
    assert.deepEqual(again.leaseUntil, later(70_000));
    const sent = markSent(again, later(11_000), 'sg-1');
    assert.equal(sent.state, 'SENT');
    assert.equal(sent.messageId, 'sg-1');
    assert.equal(sent.leaseUntil, undefined);
    assert.equal(sent.lastError, undefined);
    assert.deepEqual(sent.createdAt, T0);
    assert.deepEqual(sent.expiresAt, claimed.expiresAt);
  });

  it('refuses transitions out of final states', () => {
    const sent = markSent(claimed, T0, undefined);
    assert.throws(() => reclaim(sent, T0, policy), /no transition SENT -> SENDING/);
    assert.throws(() => markFailed(sent, T0, { message: 'x' }), /SENT -> FAILED/);
    assert.throws(() => markSent(release(claimed, T0, { message: 'x' }), T0, 'm'), /PENDING -> SENT/);
  });
});

describe('deliverNotification', () => {
  let store: InMemoryDeliveryStore;
  let sender: ScriptedMailSender;
  let logs: CapturedLogs;
  let clock: Date;

  beforeEach(() => {
    store = new InMemoryDeliveryStore();
    sender = new ScriptedMailSender();
    logs = captureLogs();
    clock = T0;
  });

  /** The decisive result; a mail-only notification has that one target. */
  const deliver = async (message = n) => {
    const senders = { mail: sender, links: {} };
    const delivery = await deliverNotification(
      { store, senders, logger: logs.logger, policy, now: () => clock },
      message,
    );
    const { targets, ...result } = delivery;
    assert.deepEqual(
      targets.map((t) => t.target),
      ['email'],
    );
    return result;
  };
  const messages = () => logs.entries().map((e) => `${e.severity} ${e.message}`);

  it('sends a new notification once and records SENT with the message id', async () => {
    const result = await deliver();
    assert.deepEqual(result, { outcome: 'sent', messageId: 'msg-1' });
    assert.equal(deliveryPushOutcome(result), 'ack');
    const [mail] = sender.sent;
    assert.equal(mail?.subject, '[CRITICAL] acme-prod / web01: CPU % 97.5 > 90');
    assert.deepEqual(mail?.to, ['ops@example.com', 'oncall@example.com']);
    assert.deepEqual(mail?.cc, ['lead@example.com']);
    assert.equal(mail?.customArgs.notificationId, n.id);
    const record = store.record(n.id);
    assert.equal(record?.state, 'SENT');
    assert.equal(record?.messageId, 'msg-1');
    assert.equal(record?.attempts, 1);
    const sent = logs.entries().find((e) => e.message === 'notification sent');
    assert.equal(sent?.org, 'acme-prod');
    assert.equal(sent?.correlationId, 'corr-0123456789');
    assert.equal(sent?.notificationId, n.id);
  });

  it('acks a redelivery of a SENT notification without sending', async () => {
    await deliver();
    clock = later(3600_000);
    const result = await deliver();
    assert.deepEqual(result, { outcome: 'already-done', state: 'SENT' });
    assert.equal(deliveryPushOutcome(result), 'ack');
    assert.equal(sender.attempts.length, 1);
    assert.ok(messages().includes('INFO notification already delivered, acking without sending'));
  });

  it('lets exactly one of two concurrent deliveries send; the other asks for redelivery', async () => {
    let finish: (id: { messageId: string }) => void = () => {};
    sender.answer(new Promise((resolve) => (finish = resolve)));
    const first = deliver();
    await new Promise((r) => setImmediate(r));
    const second = await deliver();
    assert.deepEqual(second, { outcome: 'busy' });
    assert.equal(deliveryPushOutcome(second), 'retry');
    finish({ messageId: 'sg-1' });
    assert.deepEqual(await first, { outcome: 'sent', messageId: 'sg-1' });
    assert.equal(sender.attempts.length, 1);
    assert.equal((await deliver()).outcome, 'already-done');
  });

  it('takes over a claim whose lease ran out (its mailer died mid-send)', async () => {
    store.put(firstClaim(n, T0, policy));
    clock = later(59_000);
    assert.deepEqual(await deliver(), { outcome: 'busy' });
    assert.equal(sender.attempts.length, 0);
    clock = later(60_000);
    assert.deepEqual(await deliver(), { outcome: 'sent', messageId: 'msg-1' });
    assert.equal(store.record(n.id)?.attempts, 2);
  });

  it('lets only one of two deliveries take over an expired claim', async () => {
    const dead = firstClaim(n, T0, policy);
    store.put(dead);
    clock = later(61_000);
    // Another instance re-claims between this delivery's read and its write.
    store.beforeReplace = () => store.put(reclaim(dead, clock, policy));
    assert.deepEqual(await deliver(), { outcome: 'busy' });
    assert.equal(sender.attempts.length, 0);
    assert.equal(store.record(n.id)?.state, 'SENDING');
  });

  it('releases on 429/5xx/network so the redelivery sends at once', async () => {
    sender.answer(
      new SendError('SendGrid answered 429: too many requests', { retryable: true, status: 429 }),
    );
    const result = await deliver();
    assert.deepEqual(result, { outcome: 'retry', status: 429 });
    assert.equal(deliveryPushOutcome(result), 'retry');
    const pending = store.record(n.id);
    assert.equal(pending?.state, 'PENDING');
    assert.equal(pending?.leaseUntil, undefined);
    assert.deepEqual(pending?.lastError, {
      status: 429,
      message: 'SendGrid answered 429: too many requests',
    });
    assert.ok(messages().includes('WARNING notification send failed, asking for redelivery'));

    clock = later(10_000);
    assert.equal((await deliver()).outcome, 'sent');
    assert.equal(sender.sent.length, 1);
    assert.equal(store.record(n.id)?.attempts, 2);
  });

  it('treats an unexpected sender error as retryable', async () => {
    sender.answer(new TypeError('boom'));
    assert.deepEqual(await deliver(), { outcome: 'retry', status: undefined });
    assert.equal(store.record(n.id)?.state, 'PENDING');
  });

  it('records a permanent rejection as FAILED, logs ERROR, acks, and never sends it again', async () => {
    sender.answer(
      new SendError('SendGrid answered 400: Does not contain a valid address.', {
        retryable: false,
        status: 400,
      }),
    );
    const result = await deliver();
    assert.deepEqual(result, { outcome: 'failed', status: 400 });
    assert.equal(deliveryPushOutcome(result), 'ack');
    const failed = store.record(n.id);
    assert.equal(failed?.state, 'FAILED');
    assert.equal(failed?.lastError?.status, 400);
    const error = logs.entries().find((e) => e.severity === 'ERROR');
    assert.equal(error?.message, 'notification failed permanently');
    assert.equal(error?.notificationId, n.id);

    assert.deepEqual(await deliver(), { outcome: 'already-done', state: 'FAILED' });
    assert.equal(sender.attempts.length, 1);
  });

  it('records a notification that cannot be rendered as FAILED with the reason, acks, and sends nothing', async () => {
    // The schema refuses an alert notification without alerts; one that got past it cannot be laid out.
    const broken = { ...n, id: 'n-broken', alerts: [] };
    const result = await deliver(broken);
    assert.deepEqual(result, { outcome: 'failed', status: undefined });
    assert.equal(deliveryPushOutcome(result), 'ack');
    const failed = store.record('n-broken');
    assert.equal(failed?.state, 'FAILED');
    assert.match(
      failed?.lastError?.message ?? '',
      /^cannot be rendered: Error: notification n-broken has no alert/,
    );
    assert.ok(messages().includes('ERROR notification cannot be rendered, recorded as failed'));
    assert.deepEqual(await deliver(broken), { outcome: 'already-done', state: 'FAILED' });
    assert.equal(sender.attempts.length, 0);
  });

  it('acks a sent mail even when SENT cannot be recorded (a 5xx would invite a duplicate)', async () => {
    store.replaceFailures = 3;
    assert.equal((await deliver()).outcome, 'sent');
    assert.equal(store.record(n.id)?.state, 'SENDING');
    assert.ok(messages().includes('ERROR notification sent but not recorded as sent'));
  });

  it('retries the SENT write through a brief Firestore failure', async () => {
    store.replaceFailures = 1;
    assert.equal((await deliver()).outcome, 'sent');
    assert.equal(store.record(n.id)?.state, 'SENT');
  });

  it('warns when the record changed while sending (its lease ran out under a slow send)', async () => {
    sender.answer(async () => {
      // While this send is slow, another delivery takes the expired claim over.
      const stored = await store.get(n.id);
      if (stored) store.put(reclaim(stored.record, later(61_000), policy));
      return { messageId: 'sg-slow' };
    });
    assert.equal((await deliver()).outcome, 'sent');
    assert.ok(
      messages().includes(
        'WARNING delivery record changed while sending; another delivery may have sent it too',
      ),
    );
  });

  it('drops addresses named twice (to wins over cc, case-insensitively)', async () => {
    await deliver(
      notification({
        recipients: {
          to: ['ops@example.com', 'OPS@example.com'],
          cc: ['Ops@Example.com', 'lead@example.com'],
        },
      }),
    );
    assert.deepEqual(sender.sent[0]?.to, ['ops@example.com']);
    assert.deepEqual(sender.sent[0]?.cc, ['lead@example.com']);
  });
});
