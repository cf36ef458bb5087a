import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Firestore } from '@google-cloud/firestore';
import type { RunningFirestoreEmulator } from '../../../local/firestore/firestore-emulator';
import type { LocalPubSubServer } from '../../../local/pubsub/local-pubsub-server';
import { mackerelEventMessageSchema } from '../../../shared/mackerel/webhook/mackerel-event-message';
import { COLLECTIONS } from '../../../shared/platform/firestore/firestore-collections';
import { fixtureNames, readFixture } from '../../support/fixtures';
import { type FunctionUnderTest, startFunctionUnderTest } from '../../support/function-under-test';
import { registerToken, startIntakeBackends, startPubSub } from '../../support/intake-env';
import { type PushReceiver, pushData, startPushReceiver } from '../../support/push-receiver';

const ACME_TOKEN = 'acme-token-0123456789abcdef';
const ACME_NEXT_TOKEN = 'acme-token-rotated-fedcba9876';
const OTHER_TOKEN = 'other-org-token-55555555';
const REVOKED_TOKEN = 'acme-revoked-token-4444444';

let receiver: PushReceiver;
let firestore: RunningFirestoreEmulator;
let pubsub: LocalPubSubServer;
let pubsubPort: number;
let db: Firestore;
let intake: FunctionUnderTest;
let drain: FunctionUnderTest;

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${intake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** One raw request on its own connection; the whole answer as text (the server closes after an error). */
function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      reply += chunk;
    });
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
  });
}

async function backlogSize(): Promise<number> {
  return (await db.collection(COLLECTIONS.intakeBacklog).get()).size;
}

before(async () => {
  receiver = await startPushReceiver();
  ({ firestore, pubsub, db } = await startIntakeBackends(receiver.url));
  pubsubPort = pubsub.port;
  await registerToken(db, 'acme-prod', ACME_TOKEN);
  await registerToken(db, 'acme-prod', ACME_NEXT_TOKEN);
  await registerToken(db, 'other-org', OTHER_TOKEN);
  await registerToken(db, 'acme-prod', REVOKED_TOKEN, true);
  const env = {
    INTAKE_PUBLISH_TIMEOUT_MS: '300',
    INTAKE_PUBLISH_ATTEMPTS: '2',
    INTAKE_FIRESTORE_TIMEOUT_MS: '1500',
    INTAKE_TOKEN_CACHE_SECONDS: '60',
  };
  [intake, drain] = await Promise.all([
    startFunctionUnderTest('intake', 'intake', env),
    startFunctionUnderTest('backlog-drain', 'backlogDrain', env),
  ]);
});

after(async () => {
  await Promise.all([intake?.stop(), drain?.stop()]);
  await receiver.close();
  await pubsub.stop();
  await db.terminate();
  firestore.stop();
});

describe('intake -> local Pub/Sub -> push endpoint', () => {
  it('publishes every fixture exactly as received, with routing attributes', async () => {
    const names = fixtureNames().filter((n) => n !== 'sample.json');
    const start = receiver.received.length;
    for (const name of names) {
      const res = await post(`/hooks/mackerel/${ACME_TOKEN}`, readFixture(name));
      assert.equal(res.status, 204, `${name}: ${await res.text()}`);
      assert.match(res.headers.get('x-correlation-id') ?? '', /^[0-9a-f]{32}$/);
    }
    const pushes = (await receiver.waitFor(start + names.length)).slice(start);
    const bodies = pushes.map((p) => mackerelEventMessageSchema.parse(pushData(p)));
    for (const name of names) {
      const fixture = readFixture(name);
      const match = bodies.find((b) => JSON.stringify(b.body) === JSON.stringify(fixture));
      assert.ok(match, `${name} arrived unchanged`);
      assert.equal(match.org, 'acme-prod');
      assert.equal(match.source, 'webhook');
    }
    const alertPush = pushes.find((p) => p.message.attributes?.alertId === '4AlrtQ9zZz1');
    assert.ok(alertPush);
    assert.equal(alertPush.message.attributes?.org, 'acme-prod');
    assert.equal(alertPush.message.attributes?.event, 'alert');
    assert.match(alertPush.message.attributes?.dedupKey ?? '', /^[0-9a-f]{16,}$/);
    const decoded = mackerelEventMessageSchema.parse(pushData(alertPush));
    assert.equal(alertPush.message.attributes?.correlationId, decoded.correlationId);
  });

  it('accepts the token as the basic-auth password and a rotated second token', async () => {
    const start = receiver.received.length;
    const basic = `Basic ${Buffer.from(`mackerel:${ACME_TOKEN}`).toString('base64')}`;
    assert.equal(
      (await post('/hooks/mackerel', readFixture('alert-host-critical.json'), { authorization: basic }))
        .status,
      204,
    );
    assert.equal(
      (await post(`/hooks/mackerel/${ACME_NEXT_TOKEN}`, readFixture('alert-host-ok.json'))).status,
      204,
    );
    await receiver.waitFor(start + 2);
  });

  it("accepts Mackerel's sample (no orgName) and tags it with the token's org", async () => {
    const start = receiver.received.length;
    assert.equal((await post(`/hooks/mackerel/${OTHER_TOKEN}`, readFixture('sample.json'))).status, 204);
    const [push] = (await receiver.waitFor(start + 1)).slice(start);
    assert.equal(push?.message.attributes?.org, 'other-org');
    assert.equal(push?.message.attributes?.event, 'sample');
  });

  it('propagates the Cloud Trace id as the correlation id', async () => {
    const start = receiver.received.length;
    const trace = 'abcdef0123456789abcdef0123456789';
    const res = await post(`/hooks/mackerel/${ACME_TOKEN}`, readFixture('alert-query.json'), {
      'x-cloud-trace-context': `${trace}/1;o=1`,
    });
    assert.equal(res.headers.get('x-correlation-id'), trace);
    const [push] = (await receiver.waitFor(start + 1)).slice(start);
    assert.equal(push?.message.attributes?.correlationId, trace);
  });
});

describe('intake rejects bad requests with a JSON error', () => {
  const expectError = async (res: Response, status: number, code: string) => {
    assert.equal(res.status, status);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const body = (await res.json()) as {
      error: { code: string; message: string; issues?: Array<{ path: string }> };
    };
    assert.equal(body.error.code, code);
    assert.ok(body.error.message.length > 0);
    return body;
  };

  it('404 for an unknown, revoked or missing token, without saying whether the org exists', async () => {
    const a = await expectError(
      await post('/hooks/mackerel/not-a-registered-token', readFixture('alert-check.json')),
      404,
      'not_found',
    );
    const b = await expectError(
      await post(`/hooks/mackerel/${REVOKED_TOKEN}`, readFixture('alert-check.json')),
      404,
      'not_found',
    );
    const c = await expectError(
      await post('/hooks/mackerel', readFixture('alert-check.json')),
      404,
      'not_found',
    );
    assert.deepEqual(a, b);
    assert.deepEqual(b, c);
  });

  it('403 when orgName is another org', async () => {
    await expectError(
      await post(`/hooks/mackerel/${OTHER_TOKEN}`, readFixture('alert-check.json')),
      403,
      'org_mismatch',
    );
  });

  it('405 for GET, with Allow: POST', async () => {
    const res = await fetch(`${intake.url}/hooks/mackerel/${ACME_TOKEN}`);
    assert.equal(res.headers.get('allow'), 'POST');
    await expectError(res, 405, 'method_not_allowed');
  });

  it('415 for a non-JSON content type', async () => {
    const res = await post(`/hooks/mackerel/${ACME_TOKEN}`, 'hello', { 'content-type': 'text/plain' });
    await expectError(res, 415, 'unsupported_media_type');
  });

  it('400 for malformed JSON (not the framework HTML page)', async () => {
    await expectError(
      await post(`/hooks/mackerel/${ACME_TOKEN}`, '{"orgName": "acme-prod",'),
      400,
      'invalid_json',
    );
  });

  it('400 naming the field for a schema violation', async () => {
    const body = readFixture('alert-host-critical.json');
    const alert = body.alert as Record<string, unknown>;
    const res = await post(`/hooks/mackerel/${ACME_TOKEN}`, { ...body, alert: { ...alert, isOpen: 'yes' } });
    const error = await expectError(res, 400, 'invalid_body');
    assert.ok(
      error.error.issues?.some((i) => i.path === 'alert.isOpen'),
      JSON.stringify(error),
    );
  });

  it('400 JSON for a path that is not valid percent-encoding, the path (and its token) not echoed', async () => {
    const res = await post(`/hooks/mackerel/${ACME_TOKEN}%zz`, readFixture('sample.json'));
    const body = await expectError(res, 400, 'invalid_path');
    assert.ok(!JSON.stringify(body).includes(ACME_TOKEN));
  });

  it('JSON for what Node and Express answer before the function: *, huge headers, unknown method, CL+TE', async () => {
    const { port } = new URL(intake.url);
    const cases: Array<[string, number]> = [
      ['OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n', 404],
      [`POST /hooks/mackerel/${ACME_TOKEN} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
      ['FROB / HTTP/1.1\r\nHost: x\r\n\r\n', 400],
      ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ];
    for (const [request, status] of cases) {
      const reply = await rawHttp(Number(port), request);
      const [head = '', body = ''] = reply.split('\r\n\r\n');
      assert.match(head, new RegExp(`^HTTP/1.1 ${status} `), request.slice(0, 40));
      assert.match(head, /content-type: application\/json/i, request.slice(0, 40));
      assert.ok(typeof (JSON.parse(body) as { error: { code: string } }).error.code === 'string');
      assert.ok(!reply.includes(ACME_TOKEN));
    }
  });

  it('413 for a body over 1 MiB', async () => {
    const body = { ...readFixture('alert-host-critical.json'), memo: 'x'.repeat(1024 * 1024) };
    await expectError(await post(`/hooks/mackerel/${ACME_TOKEN}`, body), 413, 'payload_too_large');
  });
});

describe('durability when Pub/Sub or Firestore is down', () => {
  it('Pub/Sub down -> 202 into the backlog -> drain republishes, nothing lost', async () => {
    await pubsub.stop();
    const res = await post(`/hooks/mackerel/${ACME_TOKEN}`, readFixture('alert-service.json'));
    assert.equal(res.status, 202, await res.clone().text());
    assert.equal(((await res.json()) as { status: string }).status, 'queued');
    assert.equal(await backlogSize(), 1);

    pubsub = await startPubSub(receiver.url, pubsubPort);
    const start = receiver.received.length;
    const drained = await fetch(drain.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        message: {
          data: Buffer.from(JSON.stringify({ reason: 'manual' })).toString('base64'),
          messageId: '1',
          publishTime: new Date().toISOString(),
        },
        subscription: 'projects/test-project/subscriptions/backlog-drain-requests--backlog-drain',
      }),
    });
    assert.equal(drained.status, 200);
    const [push] = (await receiver.waitFor(start + 1)).slice(start);
    assert.ok(push);
    const message = mackerelEventMessageSchema.parse(pushData(push));
    assert.deepEqual(message.body, readFixture('alert-service.json'));
    assert.equal(await backlogSize(), 0);
  });

  it('both Pub/Sub and Firestore down -> 503 with a JSON error, within the deadlines', async () => {
    // ACME_TOKEN is in the token cache by now, so this exercises publish and backlog both failing.
    await pubsub.stop();
    firestore.stop();
    const started = Date.now();
    const res = await post(`/hooks/mackerel/${ACME_TOKEN}`, readFixture('alert-service.json'));
    assert.equal(res.status, 503);
    assert.ok(Date.now() - started < 5000, 'answered within the publish and Firestore deadlines');
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unavailable');
  });
});

describe('secrets stay out of logs', () => {
  it('no webhook token appears in any log line', () => {
    const lines = [...intake.lines, ...drain.lines];
    assert.ok(lines.length > 10, 'logs were captured');
    for (const token of [ACME_TOKEN, ACME_NEXT_TOKEN, OTHER_TOKEN, REVOKED_TOKEN]) {
      assert.ok(!lines.some((l) => l.includes(token)), `token ${token.slice(0, 6)}… leaked into logs`);
    }
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      assert.ok(typeof entry.severity === 'string' && typeof entry.message === 'string', line);
    }
  });
});
