import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { decodePush } from '../../../../shared/platform/pubsub/push-envelope';

const dataSchema = z.object({
  reason: z.enum(['schedule', 'manual']),
  items: z.array(z.object({ n: z.number() })).optional(),
});

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function envelope(data: string | undefined, extra: Record<string, unknown> = {}) {
  return {
    message: {
      ...(data === undefined ? {} : { data }),
      attributes: { correlationId: 'c1' },
      messageId: '1234',
      publishTime: '2026-01-01T00:00:00.000Z',
    },
    subscription: 'projects/p/subscriptions/s',
    ...extra,
  };
}

function issuesOf(body: unknown) {
  const result = decodePush(body, dataSchema);
  if (result.ok) assert.fail('expected a rejection');
  return result.issues;
}

describe('decodePush', () => {
  it('decodes a valid envelope and its base64 JSON data', () => {
    const body = envelope(b64(JSON.stringify({ reason: 'schedule' })), { deliveryAttempt: 2 });
    const result = decodePush(body, dataSchema);
    assert.ok(result.ok);
    assert.deepEqual(result.data, { reason: 'schedule' });
    assert.equal(result.envelope.message.messageId, '1234');
    assert.deepEqual(result.envelope.message.attributes, { correlationId: 'c1' });
    assert.equal(result.envelope.deliveryAttempt, 2);
  });

  it('keeps unknown message keys (Google adds message_id and publish_time aliases)', () => {
    const body = envelope(b64('{"reason":"manual"}'));
    const result = decodePush({ ...body, message: { ...body.message, message_id: '1234' } }, dataSchema);
    assert.ok(result.ok);
    assert.equal((result.envelope.message as Record<string, unknown>).message_id, '1234');
  });

  it('decodes UTF-8 data', () => {
    const schema = z.object({ text: z.string() });
    const result = decodePush(envelope(b64('{"text":"障害 ✓"}')), schema);
    assert.ok(result.ok);
    assert.equal(result.data.text, '障害 ✓');
  });

  it('reports envelope issues with their paths', () => {
    const issues = issuesOf({ message: { data: b64('{}') }, subscription: '' });
    const paths = issues.map((i) => i.path).sort();
    assert.deepEqual(paths, ['message.messageId', 'message.publishTime', 'subscription']);
    assert.deepEqual(
      issuesOf(null).map((i) => i.path),
      ['(root)'],
    );
    assert.deepEqual(
      issuesOf(envelope(b64('{}'), { deliveryAttempt: 0 })).map((i) => i.path),
      ['deliveryAttempt'],
    );
  });

  it('reports data that is not base64 JSON at message.data', () => {
    for (const data of [undefined, '', '!!!!', b64('not json'), b64('{"reason":'), 'eyJyZWFzb24iOi']) {
      assert.deepEqual(
        issuesOf(envelope(data)),
        [{ path: 'message.data', message: 'not base64-encoded JSON' }],
        String(data),
      );
    }
  });

  it("prefixes the data schema's issue paths with message.data, array indexes included", () => {
    assert.deepEqual(
      issuesOf(envelope(b64('{"reason":"other"}'))).map((i) => i.path),
      ['message.data.reason'],
    );
    assert.deepEqual(
      issuesOf(envelope(b64('{"reason":"manual","items":[{"n":"x"},{"n":1},{"n":null}]}'))).map(
        (i) => i.path,
      ),
      ['message.data.items.0.n', 'message.data.items.2.n'],
    );
    assert.deepEqual(
      issuesOf(envelope(b64('[]'))).map((i) => i.path),
      ['message.data'],
    );
  });
});
