/**
 * The mailer and the dead-letter recorder, each run from source under the real functions framework in
 * its own process, against the npm Firestore emulator and the SendGrid stand-in (the real
 * @sendgrid/mail client talks to it). Push bodies are posted directly, as Pub/Sub would.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Timestamp } from '@google-cloud/firestore';
import {
  type NotificationMessage,
  notificationAttributes,
} from '../../../../shared/notify/message/notification-message';
import { renderNotification } from '../../../../shared/notify/render/render-notification';
import { COLLECTIONS } from '../../../../shared/platform/firestore/firestore-collections';
import type { FunctionUnderTest } from '../../../support/function-under-test';
import {
  FROM_ADDRESS,
  logEntries,
  type MailerBackends,
  postJson,
  pushEnvelope,
  startDeadLetterRecorder,
  startMailer,
  startMailerBackends,
  TEST_API_KEY,
} from '../../../support/mailer-env';
import { crossOrgDigest, notification } from '../../../support/notifications';

let backends: MailerBackends;
let mailer: FunctionUnderTest;
let recorder: FunctionUnderTest;

before(async () => {
  backends = await startMailerBackends();
  [mailer, recorder] = await Promise.all([startMailer(backends.env), startDeadLetterRecorder(backends.env)]);
});

after(async () => {
  await Promise.all([mailer?.stop(), recorder?.stop()]);
  await backends?.stop();
});

let pushes = 0;
/** Each call is a new Pub/Sub message (a redelivery would reuse the id; the mailer must not care). */
const push = (n: unknown) =>
  postJson(
    `${mailer.url}/`,
    pushEnvelope(n, {
      messageId: `m-${++pushes}`,
      subscription: 'notifications--mailer',
      attributes: notificationAttributes(n as NotificationMessage),
    }),
  );

const delivery = async (id: string) =>
  (await backends.db.collection(COLLECTIONS.deliveries).doc(id).get()).data();
const mailsTo = (address: string) => backends.sendgrid.messages().filter((m) => m.to.includes(address));

describe('mailer function', () => {
  beforeEach(() => backends.sendgrid.clear());

  it('sends one mail with the rendered subject, recipients, text and HTML, and records SENT', async () => {
    const n = notification({ id: 'it-host-alert', language: 'ja' });
    const reply = await push(n);
    assert.deepEqual(reply, { status: 200, body: { status: 'done' } });

    const [mail, ...others] = backends.sendgrid.messages();
    assert.equal(others.length, 0);
    assert.ok(mail);
    const rendered = renderNotification(n);
    assert.equal(mail.subject, '[CRITICAL] acme-prod / web01: CPU % 97.5 > 90');
    assert.equal(mail.from, FROM_ADDRESS);
    assert.deepEqual(mail.to, ['ops@example.com', 'oncall@example.com']);
    assert.deepEqual(mail.cc, ['lead@example.com']);
    assert.equal(mail.text, rendered.text);
    assert.equal(mail.html, rendered.html);
    assert.match(mail.text ?? '', /発生日時: +2026-01-01 09:00 JST/);
    assert.deepEqual(mail.customArgs, {
      notificationId: 'it-host-alert',
      org: 'acme-prod',
      kind: 'alert',
      routeId: 'acme-default',
    });

    const record = await delivery('it-host-alert');
    assert.equal(record?.state, 'SENT');
    assert.equal(record?.messageId, mail.id);
    assert.equal(record?.leaseUntil, null);
    assert.ok(record?.expiresAt instanceof Timestamp, 'expiresAt is a timestamp, as the TTL policy needs');
    assert.ok(record.expiresAt.toMillis() > Date.now() + 13 * 24 * 3600_000);

    const sent = logEntries(mailer).find((e) => e.message === 'notification sent');
    assert.equal(sent?.notificationId, 'it-host-alert');
    assert.equal(sent?.org, 'acme-prod');
    assert.equal(sent?.correlationId, 'corr-0123456789');
    assert.equal(sent?.messageId, mail.id);
  });

  it('acks the same notification pushed again without a second mail', async () => {
    const n = notification({ id: 'it-twice' });
    assert.equal((await push(n)).status, 200);
    assert.equal((await push(n)).status, 200);
    assert.equal(backends.sendgrid.messages().length, 1);
    assert.ok(
      logEntries(mailer).some(
        (e) =>
          e.message === 'notification already delivered, acking without sending' &&
          e.notificationId === 'it-twice',
      ),
    );
  });

  it('answers 5xx when SendGrid answers 429, and sends exactly one mail on the redelivery', async () => {
    const n = notification({ id: 'it-429' });
    backends.sendgrid.failNext(1, 429);
    const first = await push(n);
    assert.equal(first.status, 503);
    assert.equal(backends.sendgrid.messages().length, 0);
    const pending = await delivery('it-429');
    assert.equal(pending?.state, 'PENDING');
    assert.equal(pending?.lastError?.status, 429);

    assert.equal((await push(n)).status, 200);
    assert.equal((await push(n)).status, 200);
    assert.equal(backends.sendgrid.messages().length, 1);
    const sent = await delivery('it-429');
    assert.equal(sent?.state, 'SENT');
    assert.equal(sent?.attempts, 2);
  });

  it('records a permanent 400 (an address SendGrid rejects) as FAILED, acks, and does not retry', async () => {
    const n = notification({ id: 'it-bad-address', recipients: { to: ['ops@localhost'], cc: [] } });
    assert.equal((await push(n)).status, 200);
    assert.equal(mailsTo('ops@localhost').length, 0);
    const failed = await delivery('it-bad-address');
    assert.equal(failed?.state, 'FAILED');
    assert.equal(failed?.lastError?.status, 400);
    assert.match(
      failed?.lastError?.message ?? '',
      /^SendGrid answered 400: .*personalizations\.0\.to\.0\.email/,
    );

    const error = logEntries(mailer).find(
      (e) => e.severity === 'ERROR' && e.notificationId === 'it-bad-address',
    );
    assert.equal(error?.message, 'notification failed permanently');
    assert.equal(error?.status, 400);

    // A redelivery (or a second publish) is acked from the record; SendGrid is not asked again.
    assert.equal((await push(n)).status, 200);
    assert.ok(
      logEntries(mailer).some(
        (e) => e.message === 'notification already delivered, acking without sending' && e.state === 'FAILED',
      ),
    );
  });

  it('sends a digest with its tables', async () => {
    const n = crossOrgDigest({ id: 'it-digest' });
    assert.equal((await push(n)).status, 200);
    const [mail] = backends.sendgrid.messages();
    assert.equal(mail?.subject, '[CRITICAL][DIGEST] 3 alerts in 2 orgs: acme-prod, beta-stg');
    assert.match(mail?.text ?? '', /^3 {2}WARNING {3}beta-stg {3}avg load/m);
    assert.equal(mail?.html?.match(/<tr>/g)?.length, 4);
  });

  it('answers 400 to a malformed notification (Pub/Sub retries it into the dead-letter topic)', async () => {
    const reply = await push({ ...notification({ id: 'it-malformed' }), kind: 'page' });
    assert.equal(reply.status, 400);
    assert.equal(await delivery('it-malformed'), undefined);
  });

  it('never logs the SendGrid API key', () => {
    assert.ok(mailer.lines.length > 0);
    assert.ok(!mailer.lines.some((line) => line.includes(TEST_API_KEY)));
  });
});

describe('dead-letter recorder function', () => {
  it('records a dead-lettered notification in Firestore and logs it at ERROR', async () => {
    const n = notification({ id: 'it-dead' });
    const reply = await postJson(
      `${recorder.url}/`,
      pushEnvelope(n, {
        messageId: 'dl-42',
        subscription: 'notifications-dead-letter--dead-letter-recorder',
        attributes: {
          ...notificationAttributes(n),
          CloudPubSubDeadLetterSourceDeliveryCount: '5',
          CloudPubSubDeadLetterSourceSubscription: 'notifications--mailer',
          CloudPubSubDeadLetterSourceSubscriptionProject: 'test-project',
          CloudPubSubDeadLetterSourceTopicPublishTime: '2026-01-01T00:00:01.000+00:00',
        },
      }),
    );
    assert.deepEqual(reply, { status: 200, body: { status: 'done' } });

    const record = (await backends.db.collection(COLLECTIONS.deadLetters).doc('dl-42').get()).data();
    assert.equal(record?.notificationId, 'it-dead');
    assert.equal(record?.org, 'acme-prod');
    assert.equal(record?.kind, 'alert');
    assert.equal(record?.deliveryAttempts, 5);
    assert.equal(record?.sourceSubscription, 'notifications--mailer');
    assert.deepEqual(JSON.parse(record?.data), n);

    const line = recorder.lines.find((l) => l.includes('"notification dead-lettered"'));
    assert.ok(line);
    const entry = JSON.parse(line);
    assert.equal(entry.severity, 'ERROR');
    assert.equal(entry.notificationId, 'it-dead');
    assert.equal(entry.org, 'acme-prod');
    assert.equal(entry.kind, 'alert');
    assert.equal(entry.correlationId, 'corr-0123456789');
    assert.doesNotMatch(line, /ops@example\.com|oncall@|lead@/);
  });
});
