import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import {
  deliverNotification,
  deliveryPushOutcome,
} from '../../../../shared/notify/delivery/deliver-notification';
import type { DeliveryPolicy } from '../../../../shared/notify/delivery/delivery-record';
import { SendError } from '../../../../shared/notify/delivery/send-error';
import type { NotificationTarget } from '../../../../shared/notify/targets/notification-target';
import { type CapturedLogs, captureLogs } from '../../../support/capture-logs';
import { InMemoryDeliveryStore } from '../../../support/fakes/in-memory-delivery-store';
import { ScriptedChatSender } from '../../../support/fakes/scripted-chat-sender';
import { ScriptedMailSender } from '../../../support/fakes/scripted-mail-sender';
import { hostAlert, notification } from '../../../support/notifications';

const policy: DeliveryPolicy = { leaseMs: 60_000, retentionMs: 14 * 24 * 3600_000 };
const T0 = new Date('2026-01-01T00:00:00Z');
const TARGETS: NotificationTarget[] = [
  { kind: 'email' },
  { kind: 'slack', webhookUrlSecret: 'slack-noc' },
  { kind: 'teams', webhookUrlSecret: 'teams-noc' },
  { kind: 'pagerduty', routingKeySecret: 'pd-oncall' },
];
const n = notification({ targets: TARGETS });

describe('deliverNotification to several targets', () => {
  let store: InMemoryDeliveryStore;
  let mail: ScriptedMailSender;
  let chat: ScriptedChatSender;
  let logs: CapturedLogs;
  let clock: Date;

  beforeEach(() => {
    store = new InMemoryDeliveryStore();
    mail = new ScriptedMailSender();
    chat = new ScriptedChatSender();
    logs = captureLogs();
    clock = T0;
  });

  const deliver = (message = n, withChat = true) =>
    deliverNotification(
      {
        store,
        senders: { mail, ...(withChat && { chat }), links: { consoleUrl: 'https://console.example' } },
        logger: logs.logger,
        policy,
        now: () => clock,
      },
      message,
    );

  it('sends to every target once, each with its own SENT record', async () => {
    const result = await deliver();
    assert.equal(result.outcome, 'sent');
    assert.deepEqual(
      result.targets.map((t) => [t.target, t.result.outcome]),
      [
        ['email', 'sent'],
        ['slack:slack-noc', 'sent'],
        ['teams:teams-noc', 'sent'],
        ['pagerduty:pd-oncall', 'sent'],
      ],
    );
    assert.equal(mail.sent.length, 1);
    assert.deepEqual(
      chat.accepted.map((a) => a.target.kind),
      ['slack', 'teams', 'pagerduty'],
    );
    for (const key of ['email', 'slack:slack-noc', 'teams:teams-noc', 'pagerduty:pd-oncall']) {
      assert.equal(store.record(n.id, key)?.state, 'SENT', key);
      assert.equal(store.record(n.id, key)?.target, key);
    }
    // Laid out for each medium: Block Kit, an Adaptive Card, Events API v2.
    const [slack, teams, pd] = chat.accepted.map((a) => a.body);
    assert.ok(JSON.stringify(slack).includes('"blocks"'));
    assert.ok(JSON.stringify(teams).includes('application/vnd.microsoft.card.adaptive'));
    assert.equal((pd as { event_action: string }[])[0]?.event_action, 'trigger');
  });

  it('a redelivery sends nothing more', async () => {
    await deliver();
    const again = await deliver();
    assert.equal(again.outcome, 'already-done');
    assert.equal(mail.attempts.length, 1);
    assert.equal(chat.attempts.length, 3);
    assert.equal(deliveryPushOutcome(again), 'ack');
  });

  it('Slack answering 429 asks for redelivery, which resends Slack only and not before Retry-After', async () => {
    chat.failNext(
      'slack',
      new SendError('Slack answered 429', { retryable: true, status: 429, retryAfterSeconds: 30 }),
    );
    const first = await deliver();
    assert.equal(first.outcome, 'retry');
    assert.equal(deliveryPushOutcome(first), 'retry');
    assert.equal(store.record(n.id, 'slack:slack-noc')?.state, 'PENDING');
    assert.equal(store.record(n.id, 'email')?.state, 'SENT');

    clock = new Date(T0.getTime() + 10_000); // Pub/Sub's first backoff, before Retry-After
    const early = await deliver();
    assert.equal(early.outcome, 'busy');
    assert.equal(chat.attempts.filter((a) => a.target.kind === 'slack').length, 1);

    clock = new Date(T0.getTime() + 31_000);
    const later = await deliver();
    assert.equal(later.outcome, 'sent');
    assert.equal(mail.attempts.length, 1);
    assert.equal(chat.accepted.filter((a) => a.target.kind === 'slack').length, 1);
    assert.equal(chat.attempts.filter((a) => a.target.kind === 'teams').length, 1);
    assert.equal(store.record(n.id, 'slack:slack-noc')?.attempts, 2);
  });

  it('a 400 from Teams is recorded FAILED with the reason at ERROR and acked; the others are sent', async () => {
    chat.failNext('teams', new SendError('Teams answered 400: bad card', { retryable: false, status: 400 }));
    const result = await deliver();
    assert.equal(result.outcome, 'failed');
    assert.equal(deliveryPushOutcome(result), 'ack');
    const failed = store.record(n.id, 'teams:teams-noc');
    assert.equal(failed?.state, 'FAILED');
    assert.deepEqual(failed?.lastError, { status: 400, message: 'Teams answered 400: bad card' });
    assert.equal(store.record(n.id, 'pagerduty:pd-oncall')?.state, 'SENT');
    const error = logs.entries().find((e) => e.severity === 'ERROR');
    assert.equal(error?.message, 'notification failed permanently');
    assert.equal(error?.target, 'teams:teams-noc');
  });

  it('a function without a chat sender keeps chat targets pending (retry) and mails once', async () => {
    const result = await deliver(n, false);
    assert.equal(result.outcome, 'retry');
    assert.equal(mail.sent.length, 1);
    assert.equal(store.record(n.id, 'slack:slack-noc')?.state, 'PENDING');
  });

  it('a recovery resolves the PagerDuty incident with the trigger dedup_key', async () => {
    await deliver();
    const recovery = notification({
      id: 'recovery-1',
      kind: 'recovery',
      targets: [{ kind: 'pagerduty', routingKeySecret: 'pd-oncall' }],
      recipients: { to: [], cc: [] },
      alerts: [{ ...hostAlert, status: 'ok', previousStatus: 'critical', closedAt: 1767229200 }],
    });
    await deliver(recovery);
    const events = chat.accepted
      .filter((a) => a.target.kind === 'pagerduty')
      .map((a) => (a.body as { event_action: string; dedup_key: string }[])[0]);
    assert.deepEqual(
      events.map((e) => e?.event_action),
      ['trigger', 'resolve'],
    );
    assert.equal(events[0]?.dedup_key, events[1]?.dedup_key);
  });
});
