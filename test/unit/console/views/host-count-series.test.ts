import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HostCountDay, hostCountDaySchema } from '../../../../shared/audit/host-count-day';
import {
  HOST_CHART_DAYS,
  hostChartFrom,
  hostCountSeries,
} from '../../../../shared/console/views/host-count-series';

// 01:00 JST on 2026-03-11, still the 10th in UTC.
const NOW = new Date('2026-03-10T16:00:00Z');

const day = (date: string, peak: number, low: number): HostCountDay =>
  hostCountDaySchema.parse({
    org: 'acme',
    date,
    billable: low,
    peak,
    low,
    rounds: 3,
    updatedAt: 1_773_000_000,
  });

describe('hostCountSeries', () => {
  it('has 90 consecutive JST dates ending today in JST', () => {
    const series = hostCountSeries([], NOW, undefined);
    assert.equal(HOST_CHART_DAYS, 90);
    assert.equal(series.dates.length, 90);
    assert.equal(series.dates[0], '2025-12-12');
    assert.equal(series.dates.at(-1), '2026-03-11');
    assert.equal(hostChartFrom(NOW), '2025-12-12');
    assert.ok(series.dates.includes('2026-02-28') && !series.dates.includes('2026-02-29'));
    const sorted = [...new Set(series.dates)].sort();
    assert.deepEqual(series.dates, sorted);
  });

  it('ends on the JST date, not the UTC date, just before and after JST midnight', () => {
    assert.equal(hostCountSeries([], new Date('2026-03-10T14:59:59Z'), undefined).dates.at(-1), '2026-03-10');
    assert.equal(hostCountSeries([], new Date('2026-03-10T15:00:00Z'), undefined).dates.at(-1), '2026-03-11');
  });

  it('puts each day at its date; a day no round counted is null, a counted zero stays 0', () => {
    const days = [
      day('2026-03-11', 12, 10),
      day('2026-03-09', 0, 0),
      day('2025-12-12', 7, 5),
      day('2025-12-11', 99, 99),
    ];
    const series = hostCountSeries(days, NOW, undefined);
    assert.deepEqual(series.peak.slice(-3), [0, null, 12]);
    assert.deepEqual(series.low.slice(-3), [0, null, 10]);
    assert.equal(series.peak[0], 7);
    assert.equal(series.low[0], 5);
    // The day before the chart starts is not shown anywhere.
    assert.ok(!series.peak.includes(99));
    assert.equal(series.peak.filter((v) => v === null).length, 87);
    assert.equal(series.peak.length, 90);
    assert.equal(series.low.length, 90);
  });

  it('passes the quota through, or null without one', () => {
    assert.deepEqual(hostCountSeries([], NOW, { warn: 80, max: 100 }).quota, { warn: 80, max: 100 });
    assert.equal(hostCountSeries([], NOW, undefined).quota, null);
  });
});
