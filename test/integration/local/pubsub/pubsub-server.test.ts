import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type TestContext, test } from 'node:test';
import { PubSub } from '@google-cloud/pubsub';
import { z } from 'zod';
import {
  LocalPubSubServer,
  type LocalPubSubServerOptions,
  type LocalPushSubscription,
} from '../../../../local/pubsub/local-pubsub-server';
import { createLogger } from '../../../../shared/kernel/log/logger';

// Without this the client's auth library probes the GCE metadata server on its first call, even with an
// explicit projectId and an emulator endpoint (google-gax asks it for the universe domain).
process.env.METADATA_SERVER_DETECTION = 'none';

const PROJECT = 'test-project';
// 10 s backoff becomes 10 ms; a 1000 s ack deadline becomes 1 s.
const TIME_SCALE = 0.001;

const pushBodySchema = z.strictObject({
  message: z.strictObject({
    data: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
    messageId: z.string(),
    message_id: z.string(),
    publishTime: z.string(),
    publish_time: z.string(),
  }),
  subscription: z.string(),
  deliveryAttempt: z.number().optional(),
});
type PushBody = z.infer<typeof pushBodySchema>;

interface ReceivedPush {
  body: PushBody;
  headers: IncomingHttpHeaders;
  method: string | undefined;
  path: string | undefined;
  /** performance.now() when the request arrived. */
  at: number;
}

type Responder = (push: ReceivedPush, res: ServerResponse, index: number) => void;

async function startEndpoint(t: TestContext, respond: Responder, port = 0) {
  const received: ReceivedPush[] = [];
  const server = createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const push = {
        body: pushBodySchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8'))),
        headers: req.headers,
        method: req.method,
        path: req.url,
        at,
      };
      received.push(push);
      respond(push, res, received.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  t.after(close);
  return { received, port: bound, url: (path = '/') => `http://127.0.0.1:${bound}${path}`, close };
}

/** A port nothing listens on (yet): bind an ephemeral one and release it. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function subscription(
  fields: Pick<LocalPushSubscription, 'name' | 'topic' | 'pushEndpoint'> & Partial<LocalPushSubscription>,
): LocalPushSubscription {
  return {
    maxDeliveryAttempts: 5,
    minBackoffSeconds: 10,
    maxBackoffSeconds: 600,
    ackDeadlineSeconds: 1000,
    ...fields,
  };
}

async function startStack(t: TestContext, options: Omit<LocalPubSubServerOptions, 'projectId' | 'port'>) {
  const logLines: string[] = [];
  const logger = createLogger({ component: 'local-pubsub' }, (line) => logLines.push(line));
  const server = new LocalPubSubServer({
    projectId: PROJECT,
    port: 0,
    timeScale: TIME_SCALE,
    logger,
    ...options,
  });
  const port = await server.start();
  const pubsub = new PubSub({ projectId: PROJECT, apiEndpoint: `127.0.0.1:${port}` });
  t.after(async () => {
    await pubsub.close();
    await server.stop();
  });
  return { server, pubsub, logLines };
}

const noContent: Responder = (_push, res) => res.writeHead(204).end();

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('pushes the standard body for a message published with the real client', async (t) => {
  const endpoint = await startEndpoint(t, noContent);
  const { server, pubsub, logLines } = await startStack(t, {
    topics: ['orders', 'orders-dead-letter'],
    subscriptions: [
      subscription({
        name: 'orders--fn',
        topic: 'orders',
        pushEndpoint: endpoint.url('/projects/test-project/topics/orders'),
        deadLetterTopic: 'orders-dead-letter',
      }),
    ],
  });
  const data = Buffer.from(JSON.stringify({ org: 'acme', token: 'hunter2-secret' }));
  const attributes = { org: 'acme', kind: 'alert' };

  const before = Date.now();
  const messageId = await pubsub.topic('orders').publishMessage({ data, attributes });
  await server.whenIdle();

  assert.equal(endpoint.received.length, 1);
  const [push] = endpoint.received;
  const [published] = server.publishedTo('orders');
  assert.ok(push && published);
  assert.equal(push.method, 'POST');
  assert.equal(push.path, '/projects/test-project/topics/orders');
  assert.equal(push.headers['content-type'], 'application/json');
  assert.equal(published.messageId, messageId);
  assert.deepEqual(push.body, {
    message: {
      data: data.toString('base64'),
      attributes,
      messageId,
      message_id: messageId,
      publishTime: published.publishTime,
      publish_time: published.publishTime,
    },
    subscription: 'projects/test-project/subscriptions/orders--fn',
    deliveryAttempt: 1,
  });
  assert.deepEqual(Buffer.from(push.body.message.data ?? '', 'base64'), data);
  assert.match(push.body.message.publishTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(Math.abs(Date.parse(push.body.message.publishTime) - before) < 5000);
  assert.deepEqual(server.deliveries(), [
    { subscription: 'orders--fn', messageId, attempt: 1, outcome: 'acked', status: 204 },
  ]);
  const logs = logLines.join('\n');
  assert.match(logs, /push acked/);
  assert.doesNotMatch(logs, /hunter2/);
  assert.ok(!logs.includes(data.toString('base64')));
});

test('without a dead-letter topic there is no deliveryAttempt, and empty data or attributes are left out', async (t) => {
  const endpoint = await startEndpoint(t, noContent);
  const { server, pubsub } = await startStack(t, {
    topics: ['plain'],
    subscriptions: [subscription({ name: 'plain--fn', topic: 'plain', pushEndpoint: endpoint.url() })],
  });

  const dataOnly = await pubsub.topic('plain').publishMessage({ data: Buffer.from('x') });
  await server.whenIdle();
  const attributesOnly = await pubsub.topic('plain').publishMessage({ attributes: { only: 'attrs' } });
  await server.whenIdle();

  const [first, second] = endpoint.received.map((push) => push.body);
  assert.ok(first && second);
  assert.equal(first.message.messageId, dataOnly);
  assert.equal(first.message.data, Buffer.from('x').toString('base64'));
  assert.ok(!('attributes' in first.message));
  assert.ok(!('deliveryAttempt' in first));
  assert.equal(second.message.messageId, attributesOnly);
  assert.ok(!('data' in second.message));
  assert.deepEqual(second.message.attributes, { only: 'attrs' });
});

test('a 500 is nacked and redelivered with growing backoff until the endpoint acks', async (t) => {
  const endpoint = await startEndpoint(t, (_push, res, index) => res.writeHead(index < 2 ? 500 : 204).end());
  const { server, pubsub, logLines } = await startStack(t, {
    topics: ['retries', 'retries-dead-letter'],
    subscriptions: [
      subscription({
        name: 'retries--fn',
        topic: 'retries',
        pushEndpoint: endpoint.url(),
        deadLetterTopic: 'retries-dead-letter',
        // 50 ms then 100 ms at this time scale: wide enough to tell apart from scheduling noise.
        minBackoffSeconds: 50,
        maxBackoffSeconds: 600,
      }),
    ],
  });

  const messageId = await pubsub.topic('retries').publishMessage({ data: Buffer.from('retry me') });
  await server.whenIdle();

  assert.deepEqual(
    endpoint.received.map((push) => [push.body.message.messageId, push.body.deliveryAttempt]),
    [
      [messageId, 1],
      [messageId, 2],
      [messageId, 3],
    ],
  );
  const [a, b, c] = endpoint.received.map((push) => push.at);
  assert.ok(a !== undefined && b !== undefined && c !== undefined);
  // Timers never fire early, so each gap is at least its backoff: 50 ms, then doubled.
  assert.ok(b - a >= 49, `first gap ${b - a} ms is shorter than the 50 ms backoff`);
  assert.ok(c - b >= 99, `second gap ${c - b} ms is shorter than the 100 ms backoff`);
  assert.deepEqual(
    server.deliveries().map((d) => [d.attempt, d.outcome, d.status]),
    [
      [1, 'nacked', 500],
      [2, 'nacked', 500],
      [3, 'acked', 204],
    ],
  );
  assert.deepEqual(server.publishedTo('retries-dead-letter'), []);
  assert.equal(logLines.filter((line) => line.includes('will redeliver')).length, 2);
});

test('after maxDeliveryAttempts failures the message goes to the dead-letter topic and its subscription', async (t) => {
  const failing = await startEndpoint(t, (_push, res) => res.writeHead(503).end());
  const parked = await startEndpoint(t, noContent);
  const { server, pubsub, logLines } = await startStack(t, {
    topics: ['mail', 'mail-dead-letter'],
    subscriptions: [
      subscription({
        name: 'mail--mailer',
        topic: 'mail',
        pushEndpoint: failing.url(),
        deadLetterTopic: 'mail-dead-letter',
        maxDeliveryAttempts: 5,
      }),
      subscription({
        name: 'mail-dead-letter--alert',
        topic: 'mail-dead-letter',
        pushEndpoint: parked.url(),
      }),
    ],
  });
  const data = Buffer.from('poison');

  const messageId = await pubsub.topic('mail').publishMessage({ data, attributes: { org: 'acme' } });
  await server.whenIdle();

  const source = server.deliveries().filter((d) => d.subscription === 'mail--mailer');
  assert.deepEqual(
    source.map((d) => [d.attempt, d.outcome]),
    [1, 2, 3, 4, 5].map((attempt) => [attempt, 'nacked']),
  );
  assert.deepEqual(
    failing.received.map((push) => push.body.deliveryAttempt),
    [1, 2, 3, 4, 5],
  );

  const [original] = server.publishedTo('mail');
  const deadLetters = server.publishedTo('mail-dead-letter');
  assert.ok(original);
  assert.equal(deadLetters.length, 1);
  const [deadLetter] = deadLetters;
  assert.ok(deadLetter);
  assert.notEqual(deadLetter.messageId, messageId);
  assert.deepEqual(deadLetter.data, data);
  const expectedAttributes = {
    org: 'acme',
    CloudPubSubDeadLetterSourceDeliveryCount: '5',
    CloudPubSubDeadLetterSourceSubscription: 'mail--mailer',
    CloudPubSubDeadLetterSourceSubscriptionProject: PROJECT,
    CloudPubSubDeadLetterSourceTopicPublishTime: original.publishTime.replace('Z', '+00:00'),
  };
  assert.deepEqual(deadLetter.attributes, expectedAttributes);

  assert.equal(parked.received.length, 1);
  const [parkedPush] = parked.received;
  assert.ok(parkedPush);
  assert.equal(parkedPush.body.message.messageId, deadLetter.messageId);
  assert.equal(parkedPush.body.message.data, data.toString('base64'));
  assert.deepEqual(parkedPush.body.message.attributes, expectedAttributes);
  assert.equal(parkedPush.body.subscription, 'projects/test-project/subscriptions/mail-dead-letter--alert');

  // Idle means nothing is scheduled, so the source subscription will not be tried again.
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(failing.received.length, 5);
  assert.equal(logLines.filter((line) => line.includes('forwarded to dead-letter topic')).length, 1);
});

test('an endpoint that answers after the ack deadline counts as a failed attempt and is redelivered', async (t) => {
  const endpoint = await startEndpoint(t, (_push, res, index) => {
    // The first push never gets an answer; the server must give up on its own.
    if (index > 0) res.writeHead(200).end();
  });
  const { server, pubsub } = await startStack(t, {
    topics: ['slow', 'slow-dead-letter'],
    subscriptions: [
      subscription({
        name: 'slow--fn',
        topic: 'slow',
        pushEndpoint: endpoint.url(),
        deadLetterTopic: 'slow-dead-letter',
        ackDeadlineSeconds: 300,
      }),
    ],
  });

  const messageId = await pubsub.topic('slow').publishMessage({ data: Buffer.from('slow') });
  await server.whenIdle();

  assert.deepEqual(server.deliveries(), [
    { subscription: 'slow--fn', messageId, attempt: 1, outcome: 'timeout', status: undefined },
    { subscription: 'slow--fn', messageId, attempt: 2, outcome: 'acked', status: 200 },
  ]);
  assert.deepEqual(
    endpoint.received.map((push) => push.body.deliveryAttempt),
    [1, 2],
  );
});

test('an endpoint that is down is retried and gets the message once it comes up', async (t) => {
  const port = await freePort();
  const { server, pubsub } = await startStack(t, {
    topics: ['later'],
    subscriptions: [
      subscription({
        name: 'later--fn',
        topic: 'later',
        pushEndpoint: `http://127.0.0.1:${port}/`,
        minBackoffSeconds: 10,
        maxBackoffSeconds: 20,
      }),
    ],
  });

  const messageId = await pubsub.topic('later').publishMessage({ data: Buffer.from('wait for me') });
  await until(() => server.deliveries().length >= 3);
  assert.ok(server.deliveries().every((d) => d.outcome === 'error'));
  const endpoint = await startEndpoint(t, noContent, port);
  await server.whenIdle();

  assert.equal(endpoint.received.length, 1);
  assert.equal(endpoint.received[0]?.body.message.messageId, messageId);
  const attempts = server.deliveries();
  assert.deepEqual(attempts.at(-1)?.outcome, 'acked');
  assert.deepEqual(
    attempts.map((d) => d.attempt),
    attempts.map((_d, i) => i + 1),
  );
});

test('publishing to an unknown topic is NOT_FOUND and an empty message INVALID_ARGUMENT', async (t) => {
  const { pubsub } = await startStack(t, { topics: ['known'], subscriptions: [] });

  await assert.rejects(pubsub.topic('unknown').publishMessage({ data: Buffer.from('x') }), { code: 5 });
  await assert.rejects(pubsub.topic('known').publishMessage({ data: Buffer.alloc(0) }), { code: 3 });
});

test('topic admin calls behave like Pub/Sub and unsupported methods are UNIMPLEMENTED', async (t) => {
  const { server, pubsub } = await startStack(t, { topics: ['existing'], subscriptions: [] });

  await pubsub.createTopic('created');
  await assert.rejects(pubsub.createTopic('created'), { code: 6 });
  const [topics] = await pubsub.getTopics();
  assert.deepEqual(topics.map((t) => t.name).sort(), [
    'projects/test-project/topics/created',
    'projects/test-project/topics/existing',
  ]);
  assert.deepEqual((await pubsub.topic('created').exists())[0], true);
  await pubsub.topic('created').delete();
  assert.deepEqual((await pubsub.topic('created').exists())[0], false);
  await assert.rejects(pubsub.topic('created').delete(), { code: 5 });
  await assert.rejects(pubsub.topic('existing').getSubscriptions(), { code: 12 });
  assert.deepEqual(server.publishedTo('existing'), []);
});

test('never more than maxInFlightPerSubscription pushes at once', async (t) => {
  let current = 0;
  let peak = 0;
  const endpoint = await startEndpoint(t, (_push, res) => {
    current += 1;
    peak = Math.max(peak, current);
    setTimeout(() => {
      current -= 1;
      res.writeHead(204).end();
    }, 30);
  });
  const { server, pubsub } = await startStack(t, {
    topics: ['burst'],
    maxInFlightPerSubscription: 3,
    subscriptions: [subscription({ name: 'burst--fn', topic: 'burst', pushEndpoint: endpoint.url() })],
  });

  const ids = await Promise.all(
    Array.from({ length: 12 }, (_v, i) =>
      pubsub.topic('burst').publishMessage({ data: Buffer.from(`m${i}`) }),
    ),
  );
  await server.whenIdle();

  assert.equal(peak, 3);
  assert.deepEqual(endpoint.received.map((push) => push.body.message.messageId).sort(), [...ids].sort());
  assert.ok(server.deliveries().every((d) => d.outcome === 'acked'));
});

test('102 Processing counts as an ack', async (t) => {
  const endpoint = await startEndpoint(t, (_push, res) => res.writeProcessing());
  const { server, pubsub } = await startStack(t, {
    topics: ['processing'],
    subscriptions: [
      subscription({ name: 'processing--fn', topic: 'processing', pushEndpoint: endpoint.url() }),
    ],
  });

  await pubsub.topic('processing').publishMessage({ data: Buffer.from('x') });
  await server.whenIdle();

  assert.deepEqual(
    server.deliveries().map((d) => [d.outcome, d.status]),
    [['acked', 102]],
  );
});

test('stop() cancels scheduled redeliveries and leaves no timers or sockets behind', async (t) => {
  const endpoint = await startEndpoint(t, (_push, res) => res.writeHead(500).end());
  const logger = createLogger({}, () => {});
  const server = new LocalPubSubServer({
    projectId: PROJECT,
    port: 0,
    timeScale: 1,
    logger,
    topics: ['stopping'],
    subscriptions: [subscription({ name: 'stopping--fn', topic: 'stopping', pushEndpoint: endpoint.url() })],
  });
  const pubsub = new PubSub({ projectId: PROJECT, apiEndpoint: `127.0.0.1:${await server.start()}` });
  await pubsub.topic('stopping').publishMessage({ data: Buffer.from('x') });
  await until(() => server.deliveries().length === 1);
  await pubsub.close();
  await endpoint.close();
  const idle = server.whenIdle(60_000);

  // A 10 s retry is now scheduled and whenIdle is waiting: both must go with stop().
  await server.stop();
  await idle;
  const resources = process.getActiveResourcesInfo();
  assert.ok(!resources.includes('Timeout'), `still active: ${resources.join(', ')}`);
  assert.ok(!resources.includes('TCPServerWrap'), `still active: ${resources.join(', ')}`);
  assert.equal(endpoint.received.length, 1);
  await assert.rejects(server.start(), /create a new one/);
});

test('rejects a subscription to a topic it does not create', () => {
  assert.throws(
    () =>
      new LocalPubSubServer({
        projectId: PROJECT,
        port: 0,
        topics: ['a'],
        subscriptions: [subscription({ name: 's', topic: 'b', pushEndpoint: 'http://127.0.0.1:1/' })],
      }),
    /unknown topic b/,
  );
});
