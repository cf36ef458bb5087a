import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryAfterSeconds } from '../../../../shared/notify/adapters/retry-after';

describe('retryAfterSeconds', () => {
  const now = new Date('2026-12-02T00:00:00Z');
  it('reads delta-seconds and HTTP dates, capped at an hour; nothing or garbage is undefined', () => {
    assert.equal(retryAfterSeconds('30', now), 30);
    assert.equal(retryAfterSeconds('Wed, 02 Dec 2026 00:00:45 GMT', now), 45);
    assert.equal(retryAfterSeconds('Tue, 01 Dec 2026 23:00:00 GMT', now), 0);
    assert.equal(retryAfterSeconds('86400', now), 3600);
    assert.equal(retryAfterSeconds(null, now), undefined);
    assert.equal(retryAfterSeconds('soon', now), undefined);
  });
});
