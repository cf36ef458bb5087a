import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptWebhook, type IntakeDeps } from '../../../shared/intake/accept-webhook';
import { type IntakeRequest, MAX_WEBHOOK_BODY_BYTES } from '../../../shared/intake/intake-request';
import type { IntakeResult } from '../../../shared/intake/intake-result';
import { createIpAllowlist } from '../../../shared/intake/ip-allowlist';
import { TOPICS } from '../../../shared/kernel/topology';
import { dedupKey } from '../../../shared/mackerel/webhook/dedup-key';
import {
  type MackerelEventMessage,
  mackerelEventAttributesSchema,
  mackerelEventMessageSchema,
} from '../../../shared/mackerel/webhook/mackerel-event-message';
import { parseWebhookBody } from '../../../shared/mackerel/webhook/parse-webhook';
import { hashWebhookToken } from '../../../shared/orgs/webhook-token';
import { captureLogs } from '../../support/capture-logs';
import { InMemoryBacklog } from '../../support/fakes/in-memory-backlog';
import { InMemoryPublisher } from '../../support/fakes/in-memory-publisher';
import { InMemoryTokenDirectory } from '../../support/fakes/in-memory-token-directory';
import { readFixture } from '../../support/fixtures';

const ORG = 'acme-prod';
const TOKEN = 'acmeWebhookToken_0123456789-abcdef';
const RECEIVED_AT = new Date('2026-01-02T03:04:05.678Z');
const CORRELATION_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

const NOT_FOUND = {
  error: { code: 'not_found', message: 'no webhook is registered at this URL' },
};

function setup(overrides: Partial<IntakeDeps> = {}) {
  const tokens = new InMemoryTokenDirectory()
    .register(TOKEN, ORG)
    .register('otherOrgToken_0123456789', 'other-org');
  const publisher = new InMemoryPublisher();
  const backlog = new InMemoryBacklog();
  const logs = captureLogs({ component: 'intake' });
  const deps: IntakeDeps = {
    tokens,
    publisher,
    backlog,
    allowlist: undefined,
    // Real sleeps in withRetry, so keep them at a millisecond or two.
    publishRetry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    firestoreTimeoutMs: 40,
    logger: logs.logger,
    ...overrides,
  };
  return { deps, tokens, publisher, backlog, logs };
}

function request(overrides: Partial<IntakeRequest> = {}): IntakeRequest {
  const body = 'body' in overrides ? overrides.body : readFixture('alert-host-critical.json');
  return {
    method: 'POST',
    path: `/hooks/mackerel/${TOKEN}`,
    contentType: 'application/json; charset=utf-8',
    authorization: undefined,
    bodyBytes: Buffer.byteLength(JSON.stringify(body)),
    bodyError: undefined,
    clientIp: '203.0.113.7',
    correlationId: CORRELATION_ID,
    receivedAt: RECEIVED_AT,
    ...overrides,
    body,
  };
}

function alertBody(alertPatch: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  const body = readFixture('alert-host-critical.json');
  return { ...body, ...top, alert: { ...(body.alert as Record<string, unknown>), ...alertPatch } };
}

function rejected(result: IntakeResult, status: number, code: string) {
  assert.equal(result.status, status, JSON.stringify(result));
  assert.equal(result.outcome, 'rejected');
  assert.ok('body' in result && 'error' in result.body);
  assert.equal(result.body.error.code, code);
  return result.body;
}

function decoded(data: Buffer | string): MackerelEventMessage {
  return mackerelEventMessageSchema.parse(JSON.parse(data.toString()));
}

describe('acceptWebhook: who may call', () => {
  it('answers 405 to anything but POST, before anything else', async () => {
    for (const method of ['GET', 'PUT', 'HEAD', 'post']) {
      const { deps, tokens, publisher } = setup();
      const body = rejected(
        await acceptWebhook(deps, request({ method, path: '/nowhere' })),
        405,
        'method_not_allowed',
      );
      assert.equal(body.error.message, 'only POST is accepted');
      assert.equal(tokens.lookups.length, 0);
      assert.equal(publisher.calls.length, 0);
    }
  });

  it('answers 404 outside /hooks/mackerel', async () => {
    const { deps, tokens } = setup();
    const result = await acceptWebhook(deps, request({ path: `/hooks/other/${TOKEN}` }));
    rejected(result, 404, 'not_found');
    assert.ok('body' in result);
    assert.deepEqual(result.body, NOT_FOUND);
    assert.equal(tokens.lookups.length, 0);
  });

  it('answers 403 to a source outside the allowlist, and to an unknown source', async () => {
    const allowlist = createIpAllowlist(['198.51.100.0/24']);
    const { deps, tokens, publisher } = setup({ allowlist });
    rejected(await acceptWebhook(deps, request({ clientIp: '203.0.113.7' })), 403, 'source_not_allowed');
    rejected(await acceptWebhook(deps, request({ clientIp: undefined })), 403, 'source_not_allowed');
    assert.equal(tokens.lookups.length, 0);
    assert.equal(publisher.calls.length, 0);
    assert.equal((await acceptWebhook(deps, request({ clientIp: '198.51.100.9' }))).status, 204);
  });

  it('skips the source check when no allowlist is configured', async () => {
    const { deps } = setup({ allowlist: undefined });
    assert.equal((await acceptWebhook(deps, request({ clientIp: undefined }))).status, 204);
  });

  it('answers 413 for a body over 1 MiB, by size or by the body reader', async () => {
    const { deps, tokens } = setup();
    rejected(
      await acceptWebhook(deps, request({ bodyBytes: MAX_WEBHOOK_BODY_BYTES + 1 })),
      413,
      'payload_too_large',
    );
    rejected(
      await acceptWebhook(deps, request({ bodyError: { status: 413, message: 'request entity too large' } })),
      413,
      'payload_too_large',
    );
    assert.equal(tokens.lookups.length, 0);
    assert.equal((await acceptWebhook(deps, request({ bodyBytes: MAX_WEBHOOK_BODY_BYTES }))).status, 204);
  });

  it('answers 415 for a non-JSON Content-Type or an undecodable body', async () => {
    const { deps, tokens } = setup();
    rejected(
      await acceptWebhook(deps, request({ contentType: 'text/plain' })),
      415,
      'unsupported_media_type',
    );
    rejected(await acceptWebhook(deps, request({ contentType: undefined })), 415, 'unsupported_media_type');
    const body = rejected(
      await acceptWebhook(
        deps,
        request({ bodyError: { status: 415, message: 'unsupported charset "latin-9"' } }),
      ),
      415,
      'unsupported_media_type',
    );
    assert.match(body.error.message, /unsupported charset "latin-9"/);
    assert.equal(tokens.lookups.length, 0);
  });

  it('answers 404 without a lookup when the URL carries no well-formed token', async () => {
    const { deps, tokens } = setup();
    for (const path of ['/hooks/mackerel', '/hooks/mackerel/short', '/hooks/mackerel/has.dots.inside']) {
      const result = await acceptWebhook(deps, request({ path }));
      assert.ok('body' in result);
      assert.equal(result.status, 404, path);
      assert.deepEqual(result.body, NOT_FOUND);
    }
    assert.equal(tokens.lookups.length, 0);
  });

  it('answers an unknown token exactly like a missing one, looking up only its hash', async () => {
    const { deps, tokens, publisher } = setup();
    const unknown = 'unknownToken_0123456789';
    const result = await acceptWebhook(deps, request({ path: `/hooks/mackerel/${unknown}` }));
    assert.equal(result.status, 404);
    assert.ok('body' in result);
    assert.deepEqual(result.body, NOT_FOUND);
    assert.deepEqual(tokens.lookups, [hashWebhookToken(unknown)]);
    assert.equal(publisher.calls.length, 0);
  });

  it('tells an unauthenticated caller nothing about its body: 404 before 400', async () => {
    const { deps } = setup();
    const path = '/hooks/mackerel/unknownToken_0123456789';
    const badJson = await acceptWebhook(
      deps,
      request({ path, bodyError: { status: 400, message: 'Unexpected token' } }),
    );
    assert.ok('body' in badJson);
    assert.equal(badJson.status, 404);
    assert.deepEqual(badJson.body, NOT_FOUND);
    const badBody = await acceptWebhook(deps, request({ path, body: { event: 42 } }));
    assert.ok('body' in badBody);
    assert.equal(badBody.status, 404);
    assert.deepEqual(badBody.body, NOT_FOUND);
  });

  it('accepts the token as the basic-auth password', async () => {
    const { deps, publisher } = setup();
    const authorization = `Basic ${Buffer.from(`mackerel:${TOKEN}`).toString('base64')}`;
    assert.equal(
      (await acceptWebhook(deps, request({ path: '/hooks/mackerel', authorization }))).status,
      204,
    );
    assert.equal(publisher.published[0]?.attributes.org, ORG);
  });

  it('answers 503 when the token lookup fails, and logs the failure', async () => {
    const { deps, tokens, publisher, logs } = setup();
    tokens.failure = new Error('14 UNAVAILABLE: firestore');
    const body = rejected(await acceptWebhook(deps, request()), 503, 'unavailable');
    assert.match(body.error.message, /retry later/);
    assert.equal(publisher.calls.length, 0);
    const entry = logs.entries().find((e) => e.message === 'webhook token lookup failed');
    assert.equal(entry?.severity, 'ERROR');
    assert.equal(entry?.correlationId, CORRELATION_ID);
  });

  it('answers 503 when the token lookup takes longer than firestoreTimeoutMs', async () => {
    const { deps, tokens, publisher } = setup({ firestoreTimeoutMs: 25 });
    tokens.failure = 'hang';
    const started = Date.now();
    rejected(await acceptWebhook(deps, request()), 503, 'unavailable');
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 20 && elapsed < 1_000, `took ${elapsed} ms`);
    assert.equal(publisher.calls.length, 0);
  });
});

describe('acceptWebhook: what may be sent', () => {
  it('answers 400 invalid_json when the body could not be parsed', async () => {
    const { deps, publisher } = setup();
    const body = rejected(
      await acceptWebhook(
        deps,
        request({ bodyError: { status: 400, message: 'Unexpected token } in JSON' } }),
      ),
      400,
      'invalid_json',
    );
    assert.match(body.error.message, /Unexpected token \} in JSON/);
    assert.equal(publisher.calls.length, 0);
  });

  it('answers 400 invalid_body with the issue paths', async () => {
    const { deps, publisher } = setup();
    const missingStatus = alertBody();
    delete (missingStatus.alert as Record<string, unknown>).status;
    const body = rejected(await acceptWebhook(deps, request({ body: missingStatus })), 400, 'invalid_body');
    assert.deepEqual(body.error.issues, [{ path: 'alert.status', message: 'required' }]);

    for (const junk of [[], 'text', null, { orgName: ORG }]) {
      const result = rejected(await acceptWebhook(deps, request({ body: junk })), 400, 'invalid_body');
      assert.ok((result.error.issues ?? []).length > 0, JSON.stringify(junk));
    }
    assert.equal(publisher.calls.length, 0);
  });

  it("answers 403 org_mismatch when the body's orgName is not the token's org", async () => {
    const { deps, publisher, logs } = setup();
    rejected(
      await acceptWebhook(deps, request({ body: alertBody({}, { orgName: 'other-org' }) })),
      403,
      'org_mismatch',
    );
    // The other org's own token is fine for the other org's body, and not for ours.
    const otherPath = '/hooks/mackerel/otherOrgToken_0123456789';
    rejected(await acceptWebhook(deps, request({ path: otherPath })), 403, 'org_mismatch');
    assert.equal(
      (await acceptWebhook(deps, request({ path: otherPath, body: alertBody({}, { orgName: 'other-org' }) })))
        .status,
      204,
    );
    assert.equal(publisher.published.length, 1);
    assert.equal(publisher.published[0]?.attributes.org, 'other-org');
    const warning = logs
      .entries()
      .find((e) => (e.error as { code?: string } | undefined)?.code === 'org_mismatch');
    assert.equal(warning?.org, ORG);
  });

  it('accepts the sample notification, which has no orgName', async () => {
    const { deps, publisher } = setup();
    const sample = readFixture('sample.json');
    assert.equal((await acceptWebhook(deps, request({ body: sample }))).status, 204);
    const [message] = publisher.published;
    assert.ok(message);
    assert.deepEqual(message.attributes, {
      org: ORG,
      event: 'sample',
      dedupKey: decoded(message.data).dedupKey,
      correlationId: CORRELATION_ID,
    });
    assert.deepEqual(decoded(message.data).body, sample);
  });

  it('accepts an event type it does not know yet', async () => {
    const { deps, publisher } = setup();
    const body = { orgName: ORG, event: 'somethingNew', detail: { a: 1 } };
    assert.equal((await acceptWebhook(deps, request({ body }))).status, 204);
    assert.equal(publisher.published[0]?.attributes.event, 'somethingNew');
    assert.deepEqual(decoded(publisher.published[0]?.data ?? '').body, body);
  });
});

describe('acceptWebhook: making the event durable', () => {
  it('publishes once to mackerel-events and answers 204', async () => {
    const { deps, publisher, backlog } = setup();
    const body = { ...alertBody(), futureKey: { nested: true } };
    const result = await acceptWebhook(deps, request({ body }));
    assert.deepEqual(result, { status: 204, outcome: 'published' });
    assert.equal(publisher.calls.length, 1);
    const [message] = publisher.published;
    assert.ok(message);
    assert.equal(message.topic, TOPICS.mackerelEvents);

    const parsed = parseWebhookBody(body);
    assert.ok(parsed.ok);
    const key = dedupKey(parsed.event);
    assert.deepEqual(decoded(message.data), {
      version: 1,
      org: ORG,
      source: 'webhook',
      receivedAt: '2026-01-02T03:04:05.678Z',
      correlationId: CORRELATION_ID,
      dedupKey: key,
      body,
    });
    assert.deepEqual(message.attributes, {
      org: ORG,
      event: 'alert',
      alertId: '4AlrtQ9zZz1',
      dedupKey: key,
      correlationId: CORRELATION_ID,
    });
    assert.ok(mackerelEventAttributesSchema.safeParse(message.attributes).success);
    assert.equal(await backlog.count(), 0);
  });

  it('gives a redelivered event the same dedupKey and a new transition a different one', async () => {
    const { deps, publisher } = setup();
    await acceptWebhook(deps, request());
    await acceptWebhook(deps, request({ correlationId: 'another', receivedAt: new Date() }));
    await acceptWebhook(
      deps,
      request({ body: alertBody({ status: 'ok', isOpen: false, closedAt: 1767225900 }) }),
    );
    const keys = publisher.published.map((m) => m.attributes.dedupKey);
    assert.equal(keys[0], keys[1]);
    assert.notEqual(keys[0], keys[2]);
  });

  it('retries a failing publish and answers 204 once it succeeds', async () => {
    const { deps, publisher, backlog } = setup();
    publisher.failNext = 2;
    assert.equal((await acceptWebhook(deps, request())).status, 204);
    assert.equal(publisher.calls.length, 3);
    assert.equal(publisher.published.length, 1);
    assert.equal(await backlog.count(), 0);
  });

  it('parks the event in the backlog with the same data and attributes, and answers 202', async () => {
    const { deps, publisher, backlog, logs } = setup();
    publisher.failNext = Number.POSITIVE_INFINITY;
    const result = await acceptWebhook(deps, request());
    assert.deepEqual(result, {
      status: 202,
      outcome: 'backlogged',
      body: { status: 'queued', message: 'accepted; delivery delayed' },
    });
    assert.equal(publisher.calls.length, 3, 'publishRetry.attempts');
    assert.equal(publisher.published.length, 0);
    const entries = backlog.entries();
    assert.equal(entries.length, 1);
    const [entry] = entries;
    const [attempt] = publisher.calls;
    assert.ok(entry && attempt);
    assert.equal(entry.topic, TOPICS.mackerelEvents);
    assert.equal(entry.data, attempt.data.toString('utf8'));
    assert.deepEqual(entry.attributes, attempt.attributes);
    assert.equal(entry.receivedAt, '2026-01-02T03:04:05.678Z');
    assert.ok(entry.id.length > 0);
    assert.equal(decoded(entry.data).org, ORG);
    assert.ok(
      logs.entries().some((e) => e.message === 'webhook accepted into backlog' && e.outcome === 'backlogged'),
    );
  });

  it('gives each backlogged event its own id', async () => {
    const { deps, publisher, backlog } = setup();
    publisher.failNext = Number.POSITIVE_INFINITY;
    await acceptWebhook(deps, request());
    await acceptWebhook(deps, request());
    const ids = backlog.entries().map((e) => e.id);
    assert.equal(ids.length, 2);
    assert.notEqual(ids[0], ids[1]);
  });

  it('answers 503 when both publish and backlog fail', async () => {
    const { deps, publisher, backlog, logs } = setup();
    publisher.failNext = Number.POSITIVE_INFINITY;
    backlog.addFailure = new Error('firestore down');
    const body = rejected(await acceptWebhook(deps, request()), 503, 'unavailable');
    assert.match(body.error.message, /retry later/);
    assert.equal(await backlog.count(), 0);
    const entry = logs.entries().find((e) => e.severity === 'ERROR');
    assert.equal(entry?.message, 'webhook lost to caller: publish and backlog both failed');
    assert.deepEqual(entry?.error, { name: 'Error', message: 'firestore down' });
  });

  it('answers 503 when the backlog write takes longer than firestoreTimeoutMs', async () => {
    const { deps, publisher, backlog } = setup({ firestoreTimeoutMs: 25 });
    publisher.failNext = Number.POSITIVE_INFINITY;
    backlog.addFailure = 'hang';
    const started = Date.now();
    rejected(await acceptWebhook(deps, request()), 503, 'unavailable');
    assert.ok(Date.now() - started < 1_000);
  });
});

describe('acceptWebhook: logs', () => {
  it('never logs the token, and tags every line with the correlation id', async () => {
    const { deps, publisher, logs } = setup();
    await acceptWebhook(deps, request());
    await acceptWebhook(deps, request({ body: alertBody({}, { orgName: 'other-org' }) }));
    publisher.failNext = Number.POSITIVE_INFINITY;
    await acceptWebhook(deps, request());
    assert.ok(logs.lines.length >= 3);
    for (const line of logs.lines) assert.ok(!line.includes(TOKEN), line);
    for (const entry of logs.entries()) assert.equal(entry.correlationId, CORRELATION_ID);
  });
});
