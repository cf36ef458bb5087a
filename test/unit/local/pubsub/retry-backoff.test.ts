import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryDelayMs } from '../../../../local/pubsub/retry-backoff';

const policy = { minBackoffSeconds: 10, maxBackoffSeconds: 600 };

test('backoff doubles from the minimum and stops at the maximum', () => {
  const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((failed) => retryDelayMs(failed, policy, 1));
  assert.deepEqual(delays, [10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000]);
});

test('time scale shrinks every delay alike', () => {
  assert.equal(retryDelayMs(1, policy, 0.001), 10);
  assert.equal(retryDelayMs(3, policy, 0.001), 40);
  assert.equal(retryDelayMs(20, policy, 0.001), 600);
});

test('equal minimum and maximum give a constant delay', () => {
  const fixed = { minBackoffSeconds: 5, maxBackoffSeconds: 5 };
  assert.deepEqual(
    [1, 2, 3].map((failed) => retryDelayMs(failed, fixed, 1)),
    [5000, 5000, 5000],
  );
});
