import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AssessCommitInput, assessCommit } from '../../../../shared/cdn/model/assess-commit';
import {
  commitBytesOf,
  commitFinance,
  overageYenThresholdBytes,
} from '../../../../shared/cdn/model/commit-finance';
import { alertThresholdsSchema } from '../../../../shared/cdn/model/contract-schema';
import { hourStartUtcOf } from '../../../../shared/cdn/model/hourly-bucket';
import { hourlySeriesFrom } from '../../../../shared/cdn/model/hourly-series';
import { DAY_MS, HOUR_MS, jstMonthBounds } from '../../../../shared/kernel/time/jst-calendar';

const GB = 1e9;
const TB = 1e12;

const contract = (overrides: Partial<AssessCommitInput['contract']> = {}): AssessCommitInput['contract'] => ({
  id: 'acme-cdn',
  committed: { amount: 100, unit: 'TB' },
  overage: { yenPerUnit: 30, unit: 'GB' },
  lagMinutes: 0,
  thresholds: alertThresholdsSchema.parse({ yenBands: [100_000, 500_000] }),
  ...overrides,
});

describe('commit finance', () => {
  it('converts the commit in the contract unit: TB and TiB differ by ~10%', () => {
    assert.equal(commitBytesOf(contract()), 100 * TB);
    assert.equal(commitBytesOf(contract({ committed: { amount: 100, unit: 'TiB' } })), 100 * 2 ** 40);
    assert.equal(commitBytesOf(contract({ committed: { amount: 50_000, unit: 'GiB' } })), 50_000 * 2 ** 30);
  });

  it('reports actual and P50/P90 against the commit, overage in the overage unit and in yen', () => {
    const finance = commitFinance(contract(), 80 * TB, { p50Bytes: 110 * TB, p90Bytes: 120 * TB }, 12);
    assert.deepEqual(finance.commit, { amount: 100, unit: 'TB', bytes: 100 * TB });
    assert.deepEqual(finance.actual, { bytes: 80 * TB, amount: 80, percent: 80 });
    assert.equal(finance.p50?.percent, 110);
    assert.equal(finance.p90?.amount, 120);
    assert.deepEqual(finance.overageP50, { amount: 10_000, yen: 300_000 });
    assert.deepEqual(finance.overageP90, { amount: 20_000, yen: 600_000 });
    assert.equal(finance.overageUnit, 'GB');
    assert.equal(finance.daysLeft, 12);
  });

  it('rounds yen to whole yen and shows no overage under the commit', () => {
    const terms = contract({ overage: { yenPerUnit: 33, unit: 'GB' } });
    const finance = commitFinance(terms, 0, { p50Bytes: 100 * TB + 1.5 * GB, p90Bytes: 90 * TB }, 0);
    assert.equal(finance.overageP50?.yen, 50);
    assert.deepEqual(finance.overageP90, { amount: 0, yen: 0 });
    assert.equal(commitFinance(terms, 0, null, 0).overageP50, null);
  });

  it('the byte level at which projected overage reaches a yen band', () => {
    assert.equal(overageYenThresholdBytes(contract(), 300_000), 110 * TB);
    assert.equal(overageYenThresholdBytes(contract({ overage: { yenPerUnit: 0, unit: 'GB' } }), 1), Infinity);
  });
});

describe('assessCommit', () => {
  const month = '2025-03';
  const start = jstMonthBounds(month).startUtc.getTime();
  /** Flat traffic of `perDay` bytes from `fromMs` for `hours` hours. */
  const flat = (fromMs: number, hours: number, perDay: number) =>
    hourlySeriesFrom(
      Array.from({ length: hours }, (_, i) => ({
        hourStartUtc: hourStartUtcOf(new Date(fromMs + i * HOUR_MS)),
        bytes: perDay / 24,
      })),
    );

  it('holds forecast alerts back on day 2 without last month, but still judges the actual', () => {
    const series = flat(start, 36, 4.8 * TB);
    const a = assessCommit({ contract: contract(), series, month, now: new Date(start + 36 * HOUR_MS) });
    assert.equal(a.forecast, null);
    assert.match(a.forecastHeldBack ?? '', /insufficient data/);
    const values = Object.fromEntries(a.evaluation.signals.map((s) => [`${s.kind}:${s.band}`, s.value]));
    assert.deepEqual(values, {
      'early-warning:0': null,
      'overage-likely:0': null,
      'overage-started:0': 7.2 * TB,
      'overage-yen:100000': null,
      'overage-yen:500000': null,
    });
  });

  it('the minimum-data guard: before day 3, a forecast on less than a week of last month says nothing', () => {
    const series = flat(start - 4 * DAY_MS, 4 * 24 + 36, 4.8 * TB);
    const a = assessCommit({ contract: contract(), series, month, now: new Date(start + 36 * HOUR_MS) });
    assert.equal(a.forecast?.method, 'trailing-7-day');
    assert.match(a.forecastHeldBack ?? '', /minimum-data guard/);
    assert.equal(a.evaluation.signals.find((s) => s.kind === 'overage-likely')?.value, null);
  });

  it('with a week of last month, day 2 forecasts speak; P50/P90 come from the error bands', () => {
    const series = flat(start - 10 * DAY_MS, 10 * 24 + 36, 4.8 * TB);
    const errorBands = {
      'linear-run-rate': [],
      'trailing-7-day': [{ dayOfMonth: 1, p50: 0.01, p90: 0.05, samples: 10 }],
      'weekday-aware': [],
    };
    const now = new Date(start + 36 * HOUR_MS);
    const a = assessCommit({ contract: contract(), series, month, now, errorBands });
    assert.equal(a.forecastHeldBack, null);
    const point = 4.8 * TB * 31;
    assert.equal(a.forecast?.pointBytes, point);
    assert.equal(a.forecast?.p50Bytes, point * 1.01);
    assert.equal(a.forecast?.p90Bytes, point * 1.05);
    assert.equal(a.evaluation.signals.find((s) => s.kind === 'early-warning')?.value, point * 1.05);
    assert.equal(a.evaluation.runAt, now.toISOString());
    assert.equal(a.finance.daysLeft, 29);
    assert.equal(a.usage.dataCompleteTo, now.toISOString());
  });

  it('yen bands are judged in bytes; early warning can be switched off', () => {
    const thresholds = alertThresholdsSchema.parse({ earlyWarning: false, yenBands: [300_000] });
    const series = flat(start - 10 * DAY_MS, 10 * 24 + 36, 4.8 * TB);
    const a = assessCommit({
      contract: contract({ thresholds }),
      series,
      month,
      now: new Date(start + 36 * HOUR_MS),
    });
    assert.deepEqual(
      a.evaluation.signals.map((s) => [s.kind, s.threshold]),
      [
        ['overage-likely', 100 * TB],
        ['overage-started', 100 * TB],
        ['overage-yen', 110 * TB],
      ],
    );
  });

  it('once the month is complete, P50 and P90 are the actual', () => {
    const series = flat(start - 10 * DAY_MS, 41 * 24, 4.8 * TB);
    const a = assessCommit({ contract: contract(), series, month, now: new Date(start + 32 * DAY_MS) });
    assert.ok(Math.abs(a.usage.mtdBytes - 31 * 4.8 * TB) < 1);
    assert.equal(a.forecast?.p50Bytes, a.usage.mtdBytes);
    assert.equal(a.forecast?.p90Bytes, a.usage.mtdBytes);
    assert.equal(a.finance.daysLeft, 0);
  });
});
