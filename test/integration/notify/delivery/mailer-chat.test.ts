/**
 * The mailer function from source, delivering to mail, Slack, Teams and PagerDuty: the real SendGrid and
 * Secret Manager clients against the SendGrid stand-in and the local Secret Manager, fetch against the
 * chat stand-in (local/chat). Push bodies are posted directly, as Pub/Sub would.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ChatStandin } from '../../../../local/chat/chat-standin';
import { LocalSecretManager } from '../../../../local/secrets/local-secret-manager';
import { createLogger } from '../../../../shared/kernel/log/logger';
import {
  type NotificationMessage,
  notificationAttributes,
} from '../../../../shared/notify/message/notification-message';
import type { NotificationTarget } from '../../../../shared/notify/targets/notification-target';
import { COLLECTIONS } from '../../../../shared/platform/firestore/firestore-collections';
import type { FunctionUnderTest } from '../../../support/function-under-test';
import {
  logEntries,
  MAILER_PROJECT,
  type MailerBackends,
  postJson,
  pushEnvelope,
  startMailer,
  startMailerBackends,
} from '../../../support/mailer-env';
import { hostAlert, notification } from '../../../support/notifications';

const ROUTING_KEY = '5c0ffee5c0ffee5c0ffee5c0ffee5c0f';
const SLACK_PATH_SECRET = 'slack-path-secret-xyz';

let backends: MailerBackends;
let chat: ChatStandin;
let secrets: LocalSecretManager;
let mailer: FunctionUnderTest;

before(async () => {
  backends = await startMailerBackends();
  const quiet = createLogger({}, () => {});
  chat = new ChatStandin({ port: 0, logger: quiet });
  await chat.start();
  secrets = new LocalSecretManager({
    projectId: MAILER_PROJECT,
    port: 0,
    logger: quiet,
    secrets: {
      'slack-noc': `${chat.baseUrl}/slack/services/T1/B1/${SLACK_PATH_SECRET}`,
      'teams-noc': `${chat.baseUrl}/teams/workflows/teams-path-secret`,
      'pd-oncall': ROUTING_KEY,
      'not-a-url': 'just text',
    },
  });
  const secretsPort = await secrets.start();
  mailer = await startMailer({
    ...backends.env,
    SECRET_MANAGER_LOCAL_ENDPOINT: `127.0.0.1:${secretsPort}`,
    PAGERDUTY_EVENTS_URL: `${chat.baseUrl}/pagerduty/v2/enqueue`,
    CHAT_TIMEOUT_MS: '5000',
    CONSOLE_BASE_URL: 'https://console.msp.example',
  });
});

after(async () => {
  await mailer?.stop();
  await chat?.stop();
  await secrets?.stop();
  await backends?.stop();
});

let pushes = 0;
const push = (n: NotificationMessage) =>
  postJson(
    `${mailer.url}/`,
    pushEnvelope(n, {
      messageId: `chat-${++pushes}`,
      subscription: 'notifications--mailer',
      attributes: notificationAttributes(n),
    }),
  );

const ALL: NotificationTarget[] = [
  { kind: 'email' },
  { kind: 'slack', webhookUrlSecret: 'slack-noc' },
  { kind: 'teams', webhookUrlSecret: 'teams-noc' },
  { kind: 'pagerduty', routingKeySecret: 'pd-oncall' },
];
const accepted = (service: 'slack' | 'teams' | 'pagerduty') =>
  chat.messages(service).filter((m) => m.status < 300);
const record = async (id: string) =>
  (await backends.db.collection(COLLECTIONS.deliveries).doc(id).get()).data();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mailer function: chat and paging targets', () => {
  beforeEach(() => {
    chat.clear();
    backends.sendgrid.clear();
  });

  it('a critical alert reaches mail, Slack, Teams and PagerDuty once each; pushed again, nothing more', async () => {
    const n = notification({ id: 'chat-critical-1', targets: ALL });
    assert.equal((await push(n)).status, 200);
    assert.equal((await push(n)).status, 200);
    assert.equal(backends.sendgrid.messages().length, 1);
    assert.equal(accepted('slack').length, 1);
    assert.equal(accepted('teams').length, 1);
    assert.equal(accepted('pagerduty').length, 1);
    const [incident, ...more] = chat.incidents();
    assert.equal(more.length, 0);
    assert.equal(incident?.status, 'triggered');
    assert.equal(incident?.severity, 'critical');
    for (const id of [
      'chat-critical-1',
      'chat-critical-1~slack:slack-noc',
      'chat-critical-1~pagerduty:pd-oncall',
    ]) {
      assert.equal((await record(id))?.state, 'SENT', id);
    }

    const recovery = notification({
      id: 'chat-recovery-1',
      kind: 'recovery',
      targets: ALL,
      alerts: [{ ...hostAlert, status: 'ok', previousStatus: 'critical', closedAt: 1767229200 }],
    });
    assert.equal((await push(recovery)).status, 200);
    assert.equal((await push(recovery)).status, 200);
    const events = accepted('pagerduty').map((m) => m.body as { event_action: string; dedup_key: string });
    assert.deepEqual(
      events.map((e) => e.event_action),
      ['trigger', 'resolve'],
    );
    assert.equal(events[0]?.dedup_key, events[1]?.dedup_key);
    assert.equal(chat.incidents()[0]?.status, 'resolved');
    assert.equal(accepted('slack').length, 2);
  });

  it('Slack answering 429 three times, then ok: one message, retried through redeliveries after Retry-After', async () => {
    chat.failNext('slack', 429, 3, 1);
    const n = notification({ id: 'chat-429', targets: [{ kind: 'slack', webhookUrlSecret: 'slack-noc' }] });
    const statuses: number[] = [];
    for (let i = 0; i < 12 && accepted('slack').length === 0; i++) {
      statuses.push((await push(n)).status);
      await sleep(400);
    }
    assert.equal((await push(n)).status, 200);
    assert.equal(accepted('slack').length, 1);
    assert.equal(chat.messages('slack').length, 4, 'three refused attempts and one accepted');
    assert.ok(statuses.slice(0, 3).every((s) => s >= 500));
    assert.equal((await record('chat-429~slack:slack-noc'))?.attempts, 4);
  });

  it('a payload Slack refuses (400) is recorded FAILED with the reason at ERROR and acked', async () => {
    chat.failNext('slack', 400, 1);
    const n = notification({ id: 'chat-400', targets: [{ kind: 'slack', webhookUrlSecret: 'slack-noc' }] });
    assert.equal((await push(n)).status, 200);
    const failed = await record('chat-400~slack:slack-noc');
    assert.equal(failed?.state, 'FAILED');
    assert.match(String(failed?.lastError?.message), /^Slack answered 400/);
    const error = logEntries(mailer).find((e) => e.severity === 'ERROR' && e.notificationId === 'chat-400');
    assert.equal(error?.message, 'notification failed permanently');
  });

  it('an unknown secret or one holding no URL fails that target only, at ERROR, naming the secret', async () => {
    const n = notification({
      id: 'chat-bad-secrets',
      targets: [
        { kind: 'email' },
        { kind: 'teams', webhookUrlSecret: 'missing-secret' },
        { kind: 'slack', webhookUrlSecret: 'not-a-url' },
      ],
    });
    assert.equal((await push(n)).status, 200);
    assert.equal(backends.sendgrid.messages().length, 1);
    assert.match(
      String((await record('chat-bad-secrets~teams:missing-secret'))?.lastError?.message),
      /secret missing-secret not found/,
    );
    assert.match(
      String((await record('chat-bad-secrets~slack:not-a-url'))?.lastError?.message),
      /does not hold an http\(s\) URL/,
    );
  });

  it('never logs a webhook URL or routing key', () => {
    const logs = mailer.lines.join('\n');
    assert.ok(logs.length > 0);
    assert.ok(!logs.includes(SLACK_PATH_SECRET));
    assert.ok(!logs.includes(ROUTING_KEY));
    assert.ok(!logs.includes('teams-path-secret'));
  });
});
