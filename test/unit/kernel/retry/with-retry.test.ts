import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelayMs, type RetryPolicy, withRetry } from '../../../../shared/kernel/retry/with-retry';

/** A policy whose sleeps are recorded instead of waited for. */
function recorded(policy: Partial<RetryPolicy> = {}) {
  const sleeps: number[] = [];
  const full: RetryPolicy = {
    attempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    random: () => 1,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...policy,
  };
  return { policy: full, sleeps };
}

/** An operation that fails `failures` times, then returns 'ok'. */
function flaky(failures: number, error: (attempt: number) => unknown = (n) => new Error(`failure ${n}`)) {
  const attempts: number[] = [];
  const operation = async (attempt: number) => {
    attempts.push(attempt);
    if (attempts.length <= failures) throw error(attempt);
    return 'ok';
  };
  return { operation, attempts };
}

describe('withRetry', () => {
  it('returns at once when the first attempt succeeds', async () => {
    const { policy, sleeps } = recorded();
    const op = flaky(0);
    assert.equal(await withRetry(op.operation, policy), 'ok');
    assert.deepEqual(op.attempts, [1]);
    assert.deepEqual(sleeps, []);
  });

  it('retries until an attempt succeeds, numbering the attempts from 1', async () => {
    const { policy, sleeps } = recorded();
    const op = flaky(2);
    assert.equal(await withRetry(op.operation, policy), 'ok');
    assert.deepEqual(op.attempts, [1, 2, 3]);
    assert.equal(sleeps.length, 2);
  });

  it('makes exactly `attempts` attempts and rethrows the last error', async () => {
    const { policy, sleeps } = recorded({ attempts: 3 });
    const op = flaky(Number.POSITIVE_INFINITY);
    await assert.rejects(withRetry(op.operation, policy), { message: 'failure 3' });
    assert.deepEqual(op.attempts, [1, 2, 3]);
    assert.equal(sleeps.length, 2, 'no sleep after the last attempt');
  });

  it('rethrows the very error object, not a wrapper', async () => {
    const errors: Error[] = [];
    const { policy } = recorded({ attempts: 2 });
    const op = flaky(Number.POSITIVE_INFINITY, () => {
      const error = new Error('boom');
      errors.push(error);
      return error;
    });
    await assert.rejects(withRetry(op.operation, policy), (error) => error === errors[1]);
  });

  it('rethrows a non-retryable error at once', async () => {
    const { policy, sleeps } = recorded({
      attempts: 5,
      retryable: (error) => !(error instanceof Error && error.message.startsWith('permanent')),
    });
    const attempts: number[] = [];
    await assert.rejects(
      withRetry(async (attempt) => {
        attempts.push(attempt);
        throw new Error(attempt === 1 ? 'transient' : 'permanent: bad request');
      }, policy),
      { message: 'permanent: bad request' },
    );
    assert.deepEqual(attempts, [1, 2]);
    assert.equal(sleeps.length, 1);
  });

  it('backs off exponentially up to the cap with random() = 1', async () => {
    const { policy, sleeps } = recorded({ attempts: 7, baseDelayMs: 100, maxDelayMs: 1_000 });
    await assert.rejects(withRetry(flaky(Number.POSITIVE_INFINITY).operation, policy));
    assert.deepEqual(sleeps, [100, 200, 400, 800, 1_000, 1_000]);
  });

  it('uses full jitter: random() scales the delay between 0 and the ceiling', async () => {
    const zero = recorded({ attempts: 3, random: () => 0 });
    await assert.rejects(withRetry(flaky(Number.POSITIVE_INFINITY).operation, zero.policy));
    assert.deepEqual(zero.sleeps, [0, 0]);

    const half = recorded({ attempts: 4, random: () => 0.5 });
    await assert.rejects(withRetry(flaky(Number.POSITIVE_INFINITY).operation, half.policy));
    assert.deepEqual(half.sleeps, [50, 100, 200]);
  });

  it('does not sleep with the real timer when a sleep is injected', async () => {
    const started = Date.now();
    const { policy } = recorded({ attempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 });
    await assert.rejects(withRetry(flaky(Number.POSITIVE_INFINITY).operation, policy));
    assert.ok(Date.now() - started < 1_000);
  });
});

describe('backoffDelayMs', () => {
  it('stays within [0, min(max, base * 2^(attempt-1))] for any random value', () => {
    const policy = { baseDelayMs: 50, maxDelayMs: 400 };
    for (let attempt = 1; attempt <= 10; attempt++) {
      const ceiling = Math.min(400, 50 * 2 ** (attempt - 1));
      for (const r of [0, 0.001, 0.3, 0.999999, 1]) {
        const delay = backoffDelayMs(attempt, policy, () => r);
        assert.ok(delay >= 0 && delay <= ceiling, `attempt ${attempt}, random ${r}: ${delay}`);
        assert.ok(Number.isInteger(delay));
      }
      assert.equal(
        backoffDelayMs(attempt, policy, () => 1),
        ceiling,
      );
    }
  });
});
