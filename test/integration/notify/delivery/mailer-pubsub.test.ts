/**
 * notifications -> mailer -> SendGrid, and notifications-dead-letter -> dead-letter-recorder, through the
 * project's local Pub/Sub server with the push subscriptions the topology declares: a producer publishes
 * with the real @google-cloud/pubsub client, and the server pushes to the functions running from source.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PubSub } from '@google-cloud/pubsub';
import { z } from 'zod';
import { LocalPubSubServer } from '../../../../local/pubsub/local-pubsub-server';
import { createLogger } from '../../../../shared/kernel/log/logger';
import {
  ALL_TOPICS,
  deadLetterTopicOf,
  PUSH_SUBSCRIPTIONS,
  TOPICS,
} from '../../../../shared/kernel/topology';
import { notificationAttributes } from '../../../../shared/notify/message/notification-message';
import { COLLECTIONS } from '../../../../shared/platform/firestore/firestore-collections';
import type { FunctionUnderTest } from '../../../support/function-under-test';
import {
  eventually,
  logEntries,
  MAILER_PROJECT,
  type MailerBackends,
  startDeadLetterRecorder,
  startMailer,
  startMailerBackends,
} from '../../../support/mailer-env';
import { notification } from '../../../support/notifications';

let backends: MailerBackends;
let mailer: FunctionUnderTest;
let recorder: FunctionUnderTest;
let pubsub: LocalPubSubServer;
let client: PubSub;

before(async () => {
  backends = await startMailerBackends();
  [mailer, recorder] = await Promise.all([startMailer(backends.env), startDeadLetterRecorder(backends.env)]);
  const endpoints: Record<string, string> = { mailer: mailer.url, 'dead-letter-recorder': recorder.url };
  pubsub = new LocalPubSubServer({
    projectId: MAILER_PROJECT,
    port: 0,
    topics: ALL_TOPICS,
    // Exactly the topology's subscriptions for these two functions, dead-letter policy included.
    subscriptions: PUSH_SUBSCRIPTIONS.flatMap((s) => {
      const endpoint = endpoints[s.functionName];
      return endpoint === undefined ? [] : [{ ...s, pushEndpoint: `${endpoint}/` }];
    }),
    // Backoff 100 ms .. 6 s instead of 10 s .. 600 s.
    timeScale: 0.01,
    logger: createLogger({}, () => {}),
  });
  await pubsub.start();
  client = new PubSub({
    projectId: MAILER_PROJECT,
    apiEndpoint: `127.0.0.1:${pubsub.port}`,
    emulatorMode: true,
  });
});

after(async () => {
  await client?.close();
  await pubsub?.stop();
  await Promise.all([mailer?.stop(), recorder?.stop()]);
  await backends?.stop();
});

const deadLetterDocSchema = z.object({
  sourceSubscription: z.string(),
  deliveryAttempts: z.number(),
  issues: z.array(z.string()),
});

const publish = (data: unknown, attributes: Record<string, string> = {}) =>
  client.topic(TOPICS.notifications).publishMessage({ json: data, attributes });

describe('notifications through the local Pub/Sub server', () => {
  it('a published notification is pushed to the mailer and its mail arrives once', async () => {
    const n = notification({ id: 'ps-alert' });
    await publish(n, notificationAttributes(n));
    const mail = await eventually(() =>
      backends.sendgrid.messages().find((m) => m.customArgs.notificationId === n.id),
    );
    assert.equal(mail.subject, '[CRITICAL] acme-prod / web01: CPU % 97.5 > 90');
    await pubsub.whenIdle();
    assert.equal(backends.sendgrid.messages().filter((m) => m.customArgs.notificationId === n.id).length, 1);
    const record = (await backends.db.collection(COLLECTIONS.deliveries).doc(n.id).get()).data();
    assert.equal(record?.state, 'SENT');
  });

  it('SendGrid answering 503 twice: Pub/Sub redelivers with backoff, and exactly one mail goes out', async () => {
    const n = notification({ id: 'ps-503' });
    backends.sendgrid.failNext(2, 503);
    await publish(n, notificationAttributes(n));
    await eventually(() => backends.sendgrid.messages().find((m) => m.customArgs.notificationId === n.id));
    await pubsub.whenIdle();
    assert.equal(backends.sendgrid.messages().filter((m) => m.customArgs.notificationId === n.id).length, 1);
    const statuses = pubsub
      .deliveries()
      .filter((d) => d.subscription === 'notifications--mailer')
      .slice(-3)
      .map((d) => d.status);
    assert.deepEqual(statuses, [503, 503, 200]);
    const record = (await backends.db.collection(COLLECTIONS.deliveries).doc(n.id).get()).data();
    assert.equal(record?.attempts, 3);
  });

  it('a notification the mailer can never take is dead-lettered, recorded and logged at ERROR', async () => {
    const poison = { ...notification({ id: 'ps-poison' }), version: 2 };
    await publish(poison, { org: 'acme-prod', correlationId: 'corr-0123456789' });
    const recorded = await eventually(async () => {
      const docs = await backends.db.collection(COLLECTIONS.deadLetters).get();
      const match = docs.docs.map((d) => d.data()).find((d) => d.notificationId === 'ps-poison');
      return match && deadLetterDocSchema.parse(match);
    });
    assert.equal(recorded.sourceSubscription, 'notifications--mailer');
    assert.equal(recorded.deliveryAttempts, 5);
    assert.ok(recorded.issues.some((i) => i.startsWith('version: ')));
    assert.equal(pubsub.publishedTo(deadLetterTopicOf(TOPICS.notifications)).length, 1);

    const error = await eventually(() =>
      logEntries(recorder).find((e) => e.message === 'notification dead-lettered'),
    );
    assert.equal(error.severity, 'ERROR');
    assert.equal(error.notificationId, 'ps-poison');
    assert.equal(error.org, 'acme-prod');
    assert.equal(error.correlationId, 'corr-0123456789');
    // The chain ends here: the recorder acked, nothing went on to the dead letter's dead-letter topic.
    await pubsub.whenIdle();
    assert.equal(pubsub.publishedTo(deadLetterTopicOf(deadLetterTopicOf(TOPICS.notifications))).length, 0);
  });
});
