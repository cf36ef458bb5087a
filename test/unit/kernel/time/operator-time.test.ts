import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveTime } from '../../../../shared/kernel/time/operator-time';

const NOW = new Date('2026-01-10T01:00:00.000Z');

describe('resolveTime (silence --start / --end)', () => {
  it('reads now and durations after the given start', () => {
    assert.equal(resolveTime('now', NOW), '2026-01-10T01:00:00.000Z');
    assert.equal(resolveTime('+90m', NOW), '2026-01-10T02:30:00.000Z');
    assert.equal(resolveTime('+2h', NOW, new Date('2026-01-11T00:00:00Z')), '2026-01-11T02:00:00.000Z');
    assert.equal(resolveTime(' +1d ', NOW), '2026-01-11T01:00:00.000Z');
  });

  it('keeps an ISO time with an offset as written', () => {
    assert.equal(resolveTime('2026-01-10T02:00:00+09:00', NOW), '2026-01-10T02:00:00+09:00');
    assert.equal(resolveTime('2026-01-10T02:00:00Z', NOW), '2026-01-10T02:00:00Z');
  });

  it('refuses a time without an offset, other units and free text', () => {
    for (const text of ['2026-01-10T02:00:00', '+2w', '+h', 'tomorrow', '', '-1h']) {
      assert.throws(
        () => resolveTime(text, NOW),
        /expected now, \+<n>m\|h\|d, or an ISO time with an offset/,
        text,
      );
    }
  });
});
