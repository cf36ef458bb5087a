import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeMonthBytes, cumulativeDays } from '../../../../shared/cdn/model/cumulative-days';
import { type HourlyBucket, hourStartUtcOf } from '../../../../shared/cdn/model/hourly-bucket';
import { hourlySeriesFrom } from '../../../../shared/cdn/model/hourly-series';
import { DAY_MS, HOUR_MS, jstMonthBounds } from '../../../../shared/kernel/time/jst-calendar';

const MONTH = '2026-02';
// 2026-02-01 00:00 JST = 2026-01-31T15:00Z.
const START = jstMonthBounds(MONTH).startUtc.getTime();
const END = jstMonthBounds(MONTH).endUtc.getTime();

const bucket = (ms: number, bytes: number): HourlyBucket => ({
  hourStartUtc: hourStartUtcOf(new Date(ms)),
  bytes,
});
/** `bytesAt(hourIndex)` for every hour in [fromMs, toMs), except the hours `skip` names. */
const hours = (
  fromMs: number,
  toMs: number,
  bytesAt: (i: number) => number,
  skip: (ms: number) => boolean = () => false,
) =>
  Array.from({ length: (toMs - fromMs) / HOUR_MS }, (_, i) => fromMs + i * HOUR_MS)
    .filter((ms) => !skip(ms))
    .map((ms) => bucket(ms, bytesAt((ms - fromMs) / HOUR_MS)));

describe('cumulativeDays', () => {
  it('sums per JST day from the month start, counting nothing before it', () => {
    // The last hour of January in JST (14:00Z on the 31st) and 10 bytes an hour from the month's start.
    const series = hourlySeriesFrom([
      bucket(START - HOUR_MS, 1_000),
      ...hours(START, START + 3 * DAY_MS, () => 10),
    ]);
    const days = cumulativeDays(series, MONTH, new Date(START + 3 * DAY_MS));
    assert.deepEqual(days, [
      { date: '2026-02-01', bytes: 240, hoursCovered: 24 },
      { date: '2026-02-02', bytes: 480, hoursCovered: 24 },
      { date: '2026-02-03', bytes: 720, hoursCovered: 24 },
    ]);
  });

  it('stops at until: the day it falls in counts only the hours before it; later days are absent', () => {
    const series = hourlySeriesFrom(hours(START, END, () => 1));
    const days = cumulativeDays(series, MONTH, new Date(START + 2 * DAY_MS + 5 * HOUR_MS + 30 * 60_000));
    // 05:30 JST on the 3rd: the 05:00 hour started before until and counts.
    assert.deepEqual(days.at(-1), { date: '2026-02-03', bytes: 48 + 6, hoursCovered: 6 });
    assert.equal(days.length, 3);
    // until exactly at a JST midnight: that day has not started.
    assert.equal(cumulativeDays(series, MONTH, new Date(START + 2 * DAY_MS)).length, 2);
    assert.deepEqual(cumulativeDays(series, MONTH, new Date(START)), []);
    // After the month: every day, the whole month.
    const all = cumulativeDays(series, MONTH, new Date(END + 10 * DAY_MS));
    assert.equal(all.length, 28);
    assert.deepEqual(all.at(-1), { date: '2026-02-28', bytes: 28 * 24, hoursCovered: 24 });
  });

  it('carries the total over missing hours and says how many hours each day had', () => {
    const missing = new Set([START + 3 * HOUR_MS, START + DAY_MS, START + DAY_MS + HOUR_MS]);
    // A missing day entirely (the 3rd) and a reported zero (hour 0 of the 4th).
    const series = hourlySeriesFrom(
      hours(
        START,
        START + 4 * DAY_MS,
        (i) => (i === 72 ? 0 : 2),
        (ms) => missing.has(ms) || (ms >= START + 2 * DAY_MS && ms < START + 3 * DAY_MS),
      ),
    );
    const days = cumulativeDays(series, MONTH, new Date(START + 4 * DAY_MS));
    assert.deepEqual(days, [
      { date: '2026-02-01', bytes: 46, hoursCovered: 23 },
      { date: '2026-02-02', bytes: 46 + 44, hoursCovered: 22 },
      { date: '2026-02-03', bytes: 90, hoursCovered: 0 },
      { date: '2026-02-04', bytes: 90 + 46, hoursCovered: 24 },
    ]);
  });

  it('has every started day even with no data at all', () => {
    const days = cumulativeDays(hourlySeriesFrom([]), MONTH, new Date(START + DAY_MS + 1));
    assert.deepEqual(days, [
      { date: '2026-02-01', bytes: 0, hoursCovered: 0 },
      { date: '2026-02-02', bytes: 0, hoursCovered: 0 },
    ]);
  });
});

describe('completeMonthBytes', () => {
  it('is the whole month when every hour has a bucket, leaving out hours of other months', () => {
    const series = hourlySeriesFrom([
      bucket(START - HOUR_MS, 1e6),
      ...hours(START, END, (i) => i),
      bucket(END, 1e6),
    ]);
    const n = (END - START) / HOUR_MS;
    assert.equal(n, 28 * 24);
    assert.equal(completeMonthBytes(series, MONTH), (n * (n - 1)) / 2);
  });

  it('counts a reported zero as data', () => {
    assert.equal(completeMonthBytes(hourlySeriesFrom(hours(START, END, () => 0)), MONTH), 0);
  });

  it('is null when any one hour is missing, first, last or in between, or there is no data', () => {
    for (const gap of [START, END - HOUR_MS, START + 300 * HOUR_MS]) {
      const series = hourlySeriesFrom(
        hours(
          START,
          END,
          () => 5,
          (ms) => ms === gap,
        ),
      );
      assert.equal(completeMonthBytes(series, MONTH), null, new Date(gap).toISOString());
    }
    assert.equal(completeMonthBytes(hourlySeriesFrom([]), MONTH), null);
    // January's data says nothing about February.
    assert.equal(
      completeMonthBytes(hourlySeriesFrom(hours(START - 31 * DAY_MS, START, () => 1)), MONTH),
      null,
    );
  });
});
