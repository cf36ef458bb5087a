import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import type { PushContext, PushOutcome } from '../../../../shared/platform/pubsub/push-handler';
import { handlePush } from '../../../../shared/platform/pubsub/push-handler';
import { captureLogs } from '../../../support/capture-logs';

const schema = z.object({ reason: z.string() });

function push(data: unknown, attributes?: Record<string, string>, deliveryAttempt?: number) {
  return {
    message: {
      data: Buffer.from(JSON.stringify(data)).toString('base64'),
      ...(attributes ? { attributes } : {}),
      messageId: 'msg-42',
      publishTime: '2026-01-01T00:00:00.000Z',
    },
    subscription: 'projects/p/subscriptions/backlog-drain-requests--backlog-drain',
    ...(deliveryAttempt ? { deliveryAttempt } : {}),
  };
}

describe('handlePush', () => {
  it("answers 200 for 'ack', passing the decoded data, envelope and attributes", async () => {
    const { logger } = captureLogs();
    const seen: Array<[unknown, PushContext]> = [];
    const reply = await handlePush(
      push({ reason: 'schedule' }, { org: 'acme' }),
      schema,
      logger,
      async (data, context) => {
        seen.push([data, context]);
        return 'ack';
      },
    );
    assert.deepEqual(reply, { status: 200, body: { status: 'done' } });
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0]?.[0], { reason: 'schedule' });
    assert.deepEqual(seen[0]?.[1].attributes, { org: 'acme' });
    assert.equal(seen[0]?.[1].envelope.message.messageId, 'msg-42');
  });

  it('gives the use-case the publish time, parsed; a publishTime that is no time gives the delivery time', async () => {
    const seen: Date[] = [];
    const run = async (_data: unknown, context: PushContext): Promise<PushOutcome> => {
      seen.push(context.publishedAt);
      return 'ack';
    };
    await handlePush(push({ reason: 'x' }), schema, captureLogs().logger, run);
    const garbled = push({ reason: 'x' });
    garbled.message.publishTime = 'not a time';
    const before = Date.now();
    await handlePush(garbled, schema, captureLogs().logger, run);
    assert.equal(seen[0]?.toISOString(), '2026-01-01T00:00:00.000Z');
    assert.ok((seen[1]?.getTime() ?? 0) >= before && (seen[1]?.getTime() ?? 0) <= Date.now());
  });

  it("answers 503 for 'retry' so Pub/Sub redelivers", async () => {
    const reply = await handlePush(
      push({ reason: 'x' }),
      schema,
      captureLogs().logger,
      async (): Promise<PushOutcome> => 'retry',
    );
    assert.deepEqual(reply, { status: 503, body: { status: 'retry' } });
  });

  it('answers 500 and logs the error when the use-case throws', async () => {
    const logs = captureLogs();
    const reply = await handlePush(
      push({ reason: 'x' }, { correlationId: 'corr-1' }),
      schema,
      logs.logger,
      async () => {
        throw new Error('firestore down');
      },
    );
    assert.deepEqual(reply, { status: 500, body: { status: 'retry' } });
    const [entry] = logs.entries();
    assert.equal(entry?.severity, 'ERROR');
    assert.deepEqual(entry?.error, { name: 'Error', message: 'firestore down' });
    assert.equal(entry?.correlationId, 'corr-1');
  });

  it('answers 400 with the issues as JSON for a malformed push, without running the use-case', async () => {
    const logs = captureLogs();
    let ran = false;
    const run = async (): Promise<PushOutcome> => {
      ran = true;
      return 'ack';
    };
    const badData = await handlePush(push({ reason: 7 }), schema, logs.logger, run);
    assert.equal(badData.status, 400);
    assert.deepEqual(badData.body, {
      error: {
        code: 'invalid_push',
        message: 'malformed push message',
        issues: [{ path: 'message.data.reason', message: 'Invalid input: expected string, received number' }],
      },
    });
    const badEnvelope = await handlePush({ hello: 'world' }, schema, logs.logger, run);
    assert.equal(badEnvelope.status, 400);
    assert.ok(JSON.stringify(badEnvelope.body).includes('"path":"message"'));
    assert.equal(ran, false);
    assert.deepEqual(
      logs.entries().map((e) => [e.severity, e.message]),
      [
        ['ERROR', 'malformed push message'],
        ['ERROR', 'malformed push message'],
      ],
    );
  });

  it('gives the use-case a logger carrying correlationId, org, event, messageId and deliveryAttempt', async () => {
    const logs = captureLogs({ component: 'router' });
    await handlePush(
      push({ reason: 'x' }, { correlationId: 'corr-9', org: 'acme', event: 'alert' }, 3),
      schema,
      logs.logger,
      async (_data, { logger }) => {
        logger.info('working');
        return 'ack';
      },
    );
    const [entry] = logs.entries();
    assert.equal(entry?.message, 'working');
    assert.equal(entry?.component, 'router');
    assert.equal(entry?.correlationId, 'corr-9');
    assert.equal(entry?.org, 'acme');
    assert.equal(entry?.event, 'alert');
    assert.equal(entry?.messageId, 'msg-42');
    assert.equal(entry?.deliveryAttempt, 3);
  });

  it('falls back to the messageId as correlationId when the attribute is absent', async () => {
    const logs = captureLogs();
    await handlePush(push({ reason: 'x' }), schema, logs.logger, async (_data, { logger, attributes }) => {
      assert.deepEqual(attributes, {});
      logger.info('working');
      return 'ack';
    });
    const [entry] = logs.entries();
    assert.equal(entry?.correlationId, 'msg-42');
    assert.ok(entry && !('org' in entry) && !('deliveryAttempt' in entry));
  });
});
