import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostCountDaySchema, nextHostCountDay } from '../../../shared/audit/host-count-day';

describe('nextHostCountDay', () => {
  it('starts a JST day with the round count, then keeps latest, peak and low', () => {
    const first = nextHostCountDay(null, 'acme-prod', 40, new Date('2026-01-04T15:00:00Z'));
    assert.deepEqual(first, {
      org: 'acme-prod',
      date: '2026-01-05',
      billable: 40,
      peak: 40,
      low: 40,
      rounds: 1,
      updatedAt: 1767538800,
    });
    const second = nextHostCountDay(first, 'acme-prod', 43, new Date('2026-01-05T03:00:00Z'));
    const third = nextHostCountDay(second, 'acme-prod', 38, new Date('2026-01-05T14:59:59Z'));
    assert.deepEqual([third.billable, third.peak, third.low, third.rounds], [38, 43, 38, 3]);
    assert.deepEqual(hostCountDaySchema.parse(third), third);
  });

  it('does not continue another day or another org', () => {
    const day = nextHostCountDay(null, 'acme-prod', 40, new Date('2026-01-05T14:59:59Z'));
    const next = nextHostCountDay(day, 'acme-prod', 12, new Date('2026-01-05T15:00:00Z'));
    assert.deepEqual([next.date, next.peak, next.rounds], ['2026-01-06', 12, 1]);
    assert.equal(nextHostCountDay(day, 'beta', 5, new Date('2026-01-05T14:59:59Z')).rounds, 1);
  });
});
