/**
 * The mailer's adapters with their real clients: the Firestore delivery store against the npm emulator,
 * the SendGrid sender (@sendgrid/mail) against the stand-in and against endpoints that fail at the
 * network level.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { z } from 'zod';
import { freePort } from '../../../../local/free-port';
import { firestoreDeliveryStore } from '../../../../shared/notify/adapters/firestore-delivery-store';
import { sendgridMailSender } from '../../../../shared/notify/adapters/sendgrid-mail-sender';
import { composeMail } from '../../../../shared/notify/delivery/compose-mail';
import {
  type DeliveryPolicy,
  firstClaim,
  markSent,
  release,
} from '../../../../shared/notify/delivery/delivery-record';
import { SendError } from '../../../../shared/notify/delivery/send-error';
import {
  FROM_ADDRESS,
  type MailerBackends,
  startMailerBackends,
  TEST_API_KEY,
} from '../../../support/mailer-env';
import { notification } from '../../../support/notifications';

let backends: MailerBackends;
before(async () => {
  backends = await startMailerBackends();
});
after(() => backends?.stop());

const policy: DeliveryPolicy = { leaseMs: 60_000, retentionMs: 14 * 24 * 3600_000 };

describe('Firestore delivery store (emulator)', () => {
  it('creates once, reads back the same record, and replaces it at a version', async () => {
    const store = firestoreDeliveryStore(backends.db);
    const now = new Date('2026-01-01T00:00:00.000Z');
    const claim = firstClaim(notification({ id: 'store-roundtrip' }), now, policy);

    const version = await store.create(claim);
    assert.ok(version);
    assert.equal(await store.create(claim), undefined, 'a second create is refused (ALREADY_EXISTS)');
    assert.deepEqual(await store.get('store-roundtrip'), { record: claim, version });

    const pending = release(claim, new Date('2026-01-01T00:00:05.000Z'), {
      status: 429,
      message: 'slow down',
    });
    const next = await store.replace(pending, version);
    assert.ok(next);
    assert.notEqual(next, version);
    const read = await store.get('store-roundtrip');
    assert.deepEqual(read, { record: pending, version: next });
    assert.equal(read?.record.leaseUntil, undefined, 'a dropped field reads back as absent');

    const sent = markSent({ ...pending, state: 'SENDING' }, new Date('2026-01-01T00:00:09.000Z'), 'sg-1');
    await store.replace(sent, next);
    assert.deepEqual((await store.get('store-roundtrip'))?.record, sent);
    // The emulator ignores lastUpdateTime preconditions, so a stale version is not refused here;
    // test/unit/notify/delivery/deliver-notification.test.ts covers those races with a store that honours them.
  });

  it('reports a missing record as absent', async () => {
    const store = firestoreDeliveryStore(backends.db);
    assert.equal(await store.get('store-missing'), undefined);
    // (Firestore answers an update of a missing document with NOT_FOUND, which replace() reports as
    // absent; the emulator creates the document instead, so that path is not exercised here.)
  });
});

describe('SendGrid mail sender (real @sendgrid/mail)', () => {
  const mail = composeMail(notification({ id: 'sender-1' }));
  const sender = () =>
    sendgridMailSender({
      apiKey: TEST_API_KEY,
      baseUrl: backends.sendgrid.baseUrl,
      timeoutMs: 2000,
      from: { email: FROM_ADDRESS, name: 'MSP Ops (test)' },
    });
  beforeEach(() => backends.sendgrid.clear());

  it('sends from the configured sender with custom_args and answers with the message id', async () => {
    const { messageId } = await sender().send(mail);
    const [recorded] = backends.sendgrid.messages();
    assert.equal(messageId, recorded?.id);
    assert.equal(recorded?.from, FROM_ADDRESS);
    assert.equal(recorded?.subject, mail.subject);
    assert.deepEqual(recorded?.customArgs, mail.customArgs);
    assert.deepEqual(recorded?.categories, ['msp-ops-pipeline', 'alert']);
    const raw = z.object({ from: z.object({ email: z.string(), name: z.string() }) }).parse(recorded?.raw);
    assert.deepEqual(raw.from, { email: FROM_ADDRESS, name: 'MSP Ops (test)' });
  });

  const rejection = async (send: Promise<unknown>): Promise<SendError> =>
    send.then(
      () => assert.fail('expected the send to fail'),
      (error: unknown) => {
        assert.ok(error instanceof SendError, String(error));
        assert.ok(!JSON.stringify({ ...error, message: error.message }).includes(TEST_API_KEY));
        return error;
      },
    );

  it('classifies 429 and 503 as retryable', async () => {
    backends.sendgrid.failNext(1, 429);
    backends.sendgrid.failNext(1, 503);
    const rateLimited = await rejection(sender().send(mail));
    assert.deepEqual([rateLimited.status, rateLimited.retryable], [429, true]);
    assert.equal(rateLimited.message, 'SendGrid answered 429: too many requests');
    const down = await rejection(sender().send(mail));
    assert.deepEqual([down.status, down.retryable], [503, true]);
    assert.equal(backends.sendgrid.messages().length, 0);
  });

  it('classifies a rejected address (400) as permanent, with the field SendGrid names', async () => {
    const bad = composeMail(notification({ recipients: { to: ['ops@localhost'], cc: [] } }));
    const error = await rejection(sender().send(bad));
    assert.deepEqual([error.status, error.retryable], [400, false]);
    assert.equal(
      error.message,
      'SendGrid answered 400: Does not contain a valid address. (personalizations.0.to.0.email)',
    );
  });

  it('classifies an unreachable SendGrid and a timeout as retryable', async () => {
    const closedPort = await freePort();
    const refused = sendgridMailSender({
      apiKey: TEST_API_KEY,
      baseUrl: `http://127.0.0.1:${closedPort}`,
      timeoutMs: 2000,
      from: { email: FROM_ADDRESS, name: 'x' },
    });
    const unreachable = await rejection(refused.send(mail));
    assert.deepEqual([unreachable.status, unreachable.retryable], [undefined, true]);
    assert.equal(unreachable.message, 'SendGrid unreachable: ECONNREFUSED');

    // Accepts the connection and never answers.
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const slow = sendgridMailSender({
        apiKey: TEST_API_KEY,
        baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        timeoutMs: 300,
        from: { email: FROM_ADDRESS, name: 'x' },
      });
      const timedOut = await rejection(slow.send(mail));
      assert.deepEqual([timedOut.status, timedOut.retryable], [undefined, true]);
      assert.match(timedOut.message, /^SendGrid unreachable: (ECONNABORTED|ETIMEDOUT)$/);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
