import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toSendError } from '../../../../shared/notify/adapters/sendgrid-mail-sender';
import { isRetryableStatus } from '../../../../shared/notify/delivery/mail-sender';
import { SendError } from '../../../../shared/notify/delivery/send-error';

const KEY = 'SG.very-secret-api-key.0123456789abcdef';

/** The shape @sendgrid/client rejects with when SendGrid answers >= 400 (plus the request config it keeps). */
const answered = (code: number, body: unknown) =>
  Object.assign(new Error('Bad Request'), {
    code,
    response: { headers: {}, body },
    config: { headers: { Authorization: `Bearer ${KEY}` } },
  });

describe('SendGrid failures, classified', () => {
  it('429, 5xx and 408 are retryable; 401/403 too (an account problem every mail shares)', () => {
    for (const status of [408, 429, 500, 502, 503, 401, 403])
      assert.equal(isRetryableStatus(status), true, `${status}`);
    for (const status of [400, 404, 413, 422]) assert.equal(isRetryableStatus(status), false, `${status}`);
  });

  it("keeps SendGrid's error text and field, not the client's error", () => {
    const error = toSendError(
      answered(400, {
        errors: [
          {
            message: 'Does not contain a valid address.',
            field: 'personalizations.0.to.0.email',
            help: null,
          },
        ],
      }),
    );
    assert.ok(error instanceof SendError);
    assert.equal(error.retryable, false);
    assert.equal(error.status, 400);
    assert.equal(
      error.message,
      'SendGrid answered 400: Does not contain a valid address. (personalizations.0.to.0.email)',
    );
    assert.equal(toSendError(answered(429, 'not json')).message, 'SendGrid answered 429: no error details');
    assert.equal(toSendError(answered(429, {})).retryable, true);
  });

  it('treats failures without an answer (refused, reset, timeout) as retryable', () => {
    for (const code of ['ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'ECONNRESET', undefined]) {
      const error = toSendError(
        Object.assign(new Error(`connect ${code}`), {
          isAxiosError: true,
          code,
          config: { headers: { Authorization: `Bearer ${KEY}` } },
        }),
      );
      assert.equal(error.retryable, true);
      assert.equal(error.status, undefined);
      assert.equal(error.message, `SendGrid unreachable: ${code ?? 'network error'}`);
    }
  });

  it('treats a mail the client refuses to build as permanent', () => {
    const error = toSendError(new Error('Provide at least one of to, cc or bcc'));
    assert.equal(error.retryable, false);
    assert.equal(error.message, 'mail rejected before sending (Error)');
  });

  it('never carries the API key', () => {
    for (const error of [
      answered(401, { errors: [{ message: 'bad key', field: null }] }),
      Object.assign(new Error('x'), { isAxiosError: true }),
    ]) {
      const mapped = toSendError(error);
      assert.ok(!JSON.stringify({ ...mapped, message: mapped.message }).includes(KEY));
      assert.equal(mapped.cause, undefined);
    }
  });
});
