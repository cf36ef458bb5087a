import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HourlyBucket, hourStartUtcOf } from '../../../../shared/cdn/model/hourly-bucket';
import { bytesOfHour, hourlySeriesFrom } from '../../../../shared/cdn/model/hourly-series';
import { monthUsage } from '../../../../shared/cdn/model/month-usage';
import { DAY_MS, HOUR_MS, jstMonthBounds } from '../../../../shared/kernel/time/jst-calendar';

const MARCH = jstMonthBounds('2025-03');
const START = MARCH.startUtc.getTime();
const END = MARCH.endUtc.getTime();

/** `hours` buckets from `fromMs` on, each `bytes` (or what bytesOf says for hour i). */
function run(fromMs: number, hours: number, bytesOf: (i: number) => number): HourlyBucket[] {
  return Array.from({ length: hours }, (_, i) => ({
    hourStartUtc: hourStartUtcOf(new Date(fromMs + i * HOUR_MS)),
    bytes: bytesOf(i),
  }));
}

describe('hourly series', () => {
  it('a late, revised bucket for the same hour replaces the earlier one', () => {
    const series = hourlySeriesFrom([
      { hourStartUtc: '2025-03-01T00:00:00Z', bytes: 100 },
      { hourStartUtc: '2025-03-01T01:00:00Z', bytes: 7 },
      { hourStartUtc: '2025-03-01T00:00:00Z', bytes: 150 },
    ]);
    assert.equal(bytesOfHour(series, Date.parse('2025-03-01T00:00:00Z')), 150);
    assert.equal(bytesOfHour(series, Date.parse('2025-03-01T01:00:00Z')), 7);
  });

  it('unordered input, gaps stay missing (a reported zero is data)', () => {
    const series = hourlySeriesFrom([
      { hourStartUtc: '2025-03-01T05:00:00Z', bytes: 0 },
      { hourStartUtc: '2025-03-01T02:00:00Z', bytes: 9 },
    ]);
    assert.equal(bytesOfHour(series, Date.parse('2025-03-01T05:00:00Z')), 0);
    assert.equal(bytesOfHour(series, Date.parse('2025-03-01T03:00:00Z')), undefined);
    assert.equal(bytesOfHour(series, Date.parse('2025-03-01T06:00:00Z')), undefined);
  });
});

describe('month usage', () => {
  it('counts the first and last hour of the JST month and nothing either side', () => {
    const series = hourlySeriesFrom([
      ...run(START - HOUR_MS, 1, () => 1_000_000),
      ...run(START, 1, () => 1),
      ...run(END - HOUR_MS, 1, () => 10),
      ...run(END, 1, () => 1_000_000),
    ]);
    const usage = monthUsage(series, '2025-03', new Date(END + DAY_MS), { sourceLagMinutes: 0 });
    assert.equal(usage.mtdBytes, 11);
    assert.equal(usage.daysInMonth, 31);
  });

  it('splits complete days, today and the hours covered, standing on the data-complete time', () => {
    // Three days and 5 hours of 10 bytes an hour; hours of day 4 are 100 bytes.
    const series = hourlySeriesFrom(run(START, 3 * 24 + 5, (i) => (i < 72 ? 10 : 100)));
    const now = new Date(START + 3 * DAY_MS + 5 * HOUR_MS + 30 * 60_000);
    const usage = monthUsage(series, '2025-03', now, { sourceLagMinutes: 0 });
    assert.deepEqual(usage, {
      month: '2025-03',
      daysInMonth: 31,
      dayOfMonth: 4,
      completeDays: 3,
      completeDaysBytes: 720,
      todayBytes: 500,
      todayHoursCovered: 5,
      wholeDaysLeft: 27,
      mtdBytes: 1220,
      dataCompleteTo: '2025-03-03T20:00:00.000Z', // 05:00 JST on March 4
    });
  });

  it('hours younger than the source lag count as actuals but not as complete data', () => {
    const series = hourlySeriesFrom(run(START, 6, () => 10));
    // 05:30 after the start with a 60 min lag: hours ending by 04:30 are final, i.e. four.
    const now = new Date(START + 5 * HOUR_MS + 30 * 60_000);
    const usage = monthUsage(series, '2025-03', now, { sourceLagMinutes: 60 });
    assert.equal(usage.dataCompleteTo, new Date(START + 4 * HOUR_MS).toISOString());
    assert.equal(usage.todayBytes, 40);
    assert.equal(usage.todayHoursCovered, 4);
    assert.equal(usage.mtdBytes, 60);
  });

  it('a missing hour stops the complete run there; later hours still count as actuals', () => {
    const series = hourlySeriesFrom(run(START, 10, () => 10).filter((_, i) => i !== 2));
    const usage = monthUsage(series, '2025-03', new Date(START + 10 * HOUR_MS), { sourceLagMinutes: 0 });
    assert.equal(usage.dataCompleteTo, new Date(START + 2 * HOUR_MS).toISOString());
    assert.equal(usage.mtdBytes, 90);
  });

  it('buckets at or after now are not counted (a backtest holds the future)', () => {
    const series = hourlySeriesFrom(run(START, 48, () => 10));
    const usage = monthUsage(series, '2025-03', new Date(START + 24 * HOUR_MS), { sourceLagMinutes: 0 });
    assert.equal(usage.mtdBytes, 240);
    assert.equal(usage.completeDays, 1);
    assert.equal(usage.todayHoursCovered, 0);
  });

  it('a revised bucket changes the month total (last fetched wins)', () => {
    const first = run(START, 24, () => 10);
    const revised = { hourStartUtc: hourStartUtcOf(new Date(START + 23 * HOUR_MS)), bytes: 50 };
    const usage = monthUsage(hourlySeriesFrom([...first, revised]), '2025-03', new Date(START + DAY_MS), {
      sourceLagMinutes: 0,
    });
    assert.equal(usage.mtdBytes, 23 * 10 + 50);
  });

  it('a finished month: every day complete, nothing left', () => {
    const series = hourlySeriesFrom(run(START, 31 * 24, () => 1));
    const usage = monthUsage(series, '2025-03', new Date(END + HOUR_MS), { sourceLagMinutes: 60 });
    assert.equal(usage.completeDays, 31);
    assert.equal(usage.dayOfMonth, 32);
    assert.equal(usage.completeDaysBytes, 744);
    assert.equal(usage.todayBytes, 0);
    assert.equal(usage.wholeDaysLeft, 0);
    assert.equal(usage.dataCompleteTo, MARCH.endUtc.toISOString());
  });

  it('before any hour is final, the data is complete to the month start', () => {
    const usage = monthUsage(hourlySeriesFrom([]), '2025-03', new Date(START + 10 * 60_000), {
      sourceLagMinutes: 5,
    });
    assert.equal(usage.dataCompleteTo, MARCH.startUtc.toISOString());
    assert.equal(usage.dayOfMonth, 1);
    assert.equal(usage.wholeDaysLeft, 30);
    assert.equal(usage.mtdBytes, 0);
  });
});
