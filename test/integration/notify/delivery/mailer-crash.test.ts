/**
 * The mailer process killed (SIGKILL) in the middle of a send, then the notification redelivered to a new
 * mailer process, as Pub/Sub does after the push goes unanswered. Real processes, the npm Firestore
 * emulator and the SendGrid stand-in holding its answer to play the crash at the exact moment.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  type NotificationMessage,
  notificationAttributes,
} from '../../../../shared/notify/message/notification-message';
import { COLLECTIONS } from '../../../../shared/platform/firestore/firestore-collections';
import type { FunctionUnderTest } from '../../../support/function-under-test';
import {
  type MailerBackends,
  postJson,
  pushEnvelope,
  startMailer,
  startMailerBackends,
} from '../../../support/mailer-env';
import { notification } from '../../../support/notifications';

/** MAILER_LEASE_SECONDS in mailer-env: how long a claim keeps redeliveries off. */
const LEASE_MS = 10_000;

let backends: MailerBackends;
let pushes = 0;

before(async () => {
  backends = await startMailerBackends();
});
after(async () => {
  await backends?.stop();
});
beforeEach(() => backends.sendgrid.clear());

const push = (mailer: FunctionUnderTest, n: NotificationMessage) =>
  postJson(
    `${mailer.url}/`,
    pushEnvelope(n, {
      messageId: `crash-${++pushes}`,
      subscription: 'notifications--mailer',
      attributes: notificationAttributes(n),
    }),
  );

const delivery = async (id: string) =>
  (await backends.db.collection(COLLECTIONS.deliveries).doc(id).get()).data();

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Pushes n to a mailer, kills it (SIGKILL) once the send is in flight, and returns a fresh mailer. */
async function crashMidSend(n: NotificationMessage, when: 'before-accept' | 'after-accept') {
  const doomed = await startMailer(backends.env);
  backends.sendgrid.hangNext(1, when);
  const answer = push(doomed, n).catch((error: unknown) => error);
  const hanging = backends.sendgrid.hangingCount;
  await until('the send to reach SendGrid', () => backends.sendgrid.hangingCount > hanging);
  assert.equal((await delivery(n.id))?.state, 'SENDING');
  assert.equal(backends.sendgrid.messages().length, when === 'after-accept' ? 1 : 0);
  assert.ok(doomed.pid);
  process.kill(doomed.pid, 'SIGKILL');
  assert.ok((await answer) instanceof Error, 'the push got no answer');
  await doomed.stop();
  return startMailer(backends.env);
}

describe('mailer killed mid-send, then redelivered', () => {
  it('dying before SendGrid accepted: the redelivery waits out the lease, then exactly one mail', async () => {
    const n = notification({ id: 'crash-before-accept' });
    const mailer = await crashMidSend(n, 'before-accept');
    try {
      const claimedAt = Date.now();
      // Within the lease the dead sender's claim still holds: 5xx, Pub/Sub comes back later.
      assert.equal((await push(mailer, n)).status, 503);
      assert.equal(backends.sendgrid.messages().length, 0);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, LEASE_MS + 500 - (Date.now() - claimedAt))),
      );
      assert.equal((await push(mailer, n)).status, 200);
      assert.equal((await push(mailer, n)).status, 200, 'and a further redelivery is acked');
      assert.equal(backends.sendgrid.messages().length, 1);
      assert.equal((await delivery(n.id))?.state, 'SENT');
    } finally {
      await mailer.stop();
    }
  });

  it('dying after SendGrid accepted, before SENT (the documented window): two copies at most, same id, then SENT', async () => {
    const n = notification({ id: 'crash-after-accept' });
    const mailer = await crashMidSend(n, 'after-accept');
    try {
      assert.equal((await push(mailer, n)).status, 503, 'the lease keeps a redelivery off meanwhile');
      assert.equal(backends.sendgrid.messages().length, 1);
      await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 500));
      assert.equal((await push(mailer, n)).status, 200);
      assert.equal((await push(mailer, n)).status, 200);
      const mails = backends.sendgrid.messages();
      // SendGrid's send API takes no idempotency key: the one place a second copy can go out. Both carry
      // the notification id, so SendGrid's event webhook and the recipients can tell them apart.
      assert.equal(mails.length, 2);
      assert.deepEqual(
        mails.map((m) => m.customArgs.notificationId),
        [n.id, n.id],
      );
      assert.equal((await delivery(n.id))?.state, 'SENT');
    } finally {
      await mailer.stop();
    }
  });
});
