import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CdnContract, cdnContractSchema } from '../../../../shared/cdn/model/contract-schema';
import { type HourlyBucket, hourStartUtcOf } from '../../../../shared/cdn/model/hourly-bucket';
import { hourlySeriesFrom } from '../../../../shared/cdn/model/hourly-series';
import { assessMonth } from '../../../../shared/cdn/watch/watched-contract';
import { cdnContractView } from '../../../../shared/console/views/cdn-commit-view';
import { HOUR_MS, jstMonthBounds } from '../../../../shared/kernel/time/jst-calendar';

const TB = 1e12;
const PER_HOUR = 1e11; // 2.4 TB a day

const contract = (committed: CdnContract['committed'] = { amount: 100, unit: 'TB' }): CdnContract =>
  cdnContractSchema.parse({
    id: 'acme-cdn',
    displayName: 'Acme CDN',
    provider: 'jstream',
    source: { kind: 'csv' },
    committed,
    monthlyFeeYen: 1_200_000,
    overage: { yenPerUnit: 30, unit: 'GB' },
    financeRecipients: { to: ['finance@msp.example'] },
  });

/** Every hour in [fromMs, toMs) at PER_HOUR bytes, except the skipped ones. */
const flat = (fromMs: number, toMs: number, skip: (ms: number) => boolean = () => false): HourlyBucket[] =>
  Array.from({ length: (toMs - fromMs) / HOUR_MS }, (_, i) => fromMs + i * HOUR_MS)
    .filter((ms) => !skip(ms))
    .map((ms) => ({ hourStartUtc: hourStartUtcOf(new Date(ms)), bytes: PER_HOUR }));

const FEB = jstMonthBounds('2026-02');
const JAN = jstMonthBounds('2026-01');
const DEC = jstMonthBounds('2025-12');
// 12:00 JST on 2026-02-15.
const NOW = new Date('2026-02-15T03:00:00Z');

function viewOf(buckets: HourlyBucket[], now: Date, c = contract()) {
  const assessment = assessMonth(c, buckets, '2026-02', now);
  return { assessment, view: cdnContractView(c, assessment, hourlySeriesFrom(buckets), now) };
}

describe('cdnContractView', () => {
  // December has a gap; January is whole; February runs to now.
  const gap = DEC.startUtc.getTime() + 100 * HOUR_MS;
  const buckets = [
    ...flat(DEC.startUtc.getTime(), DEC.endUtc.getTime(), (ms) => ms === gap),
    ...flat(JAN.startUtc.getTime(), JAN.endUtc.getTime()),
    ...flat(FEB.startUtc.getTime(), NOW.getTime()),
  ];
  const { assessment, view } = viewOf(buckets, NOW);

  it('charts every date of the month in the commit unit, actual month to date up to today', () => {
    assert.equal(view.chart.unit, 'TB');
    assert.equal(view.chart.commit, 100);
    assert.equal(view.chart.dates.length, 28);
    assert.equal(view.chart.dates[0], '2026-02-01');
    assert.equal(view.chart.dates.at(-1), '2026-02-28');
    const expected = [...Array.from({ length: 14 }, (_, i) => Math.round((i + 1) * 2.4 * 1000) / 1000), 34.8];
    assert.deepEqual(view.chart.actual.slice(0, 15), expected);
    assert.deepEqual(view.chart.actual.slice(15), Array(13).fill(null));
    assert.equal(view.contract.id, 'acme-cdn');
    assert.equal(view.assessment, assessment);
  });

  it('draws P50 and P90 straight from the last actual value to their month-end amounts', () => {
    const p50 = assessment.finance.p50?.amount;
    const p90 = assessment.finance.p90?.amount;
    assert.ok(p50 !== undefined && p90 !== undefined, 'the assessment has a forecast');
    assert.ok(p90 >= p50 && p50 > 34.8);
    for (const [line, end] of [
      [view.chart.p50, p50],
      [view.chart.p90, p90],
    ] as const) {
      assert.deepEqual(line.slice(0, 14), Array(14).fill(null));
      assert.equal(line[14], 34.8);
      assert.equal(line[27], end);
      // Straight: equal steps (to the rounding of 3 decimals).
      const step = (end - 34.8) / 13;
      line.slice(14).forEach((value, i) => {
        assert.ok(Math.abs((value ?? Number.NaN) - (34.8 + step * i)) < 0.001, `day ${15 + i}: ${value}`);
      });
    }
  });

  it('lists the past months whose every hour is stored, with their share of the commit', () => {
    // January: 31 days of 2.4 TB; December had a gap and is left out.
    assert.deepEqual(view.pastMonths, [{ month: '2026-01', amount: 74.4, percentOfCommit: 74.4 }]);
  });

  it('lists the two months before, newest first, in the commit unit', () => {
    const { view: both } = viewOf(
      [
        ...flat(DEC.startUtc.getTime(), DEC.endUtc.getTime()),
        ...flat(JAN.startUtc.getTime(), JAN.endUtc.getTime()),
        ...flat(FEB.startUtc.getTime(), NOW.getTime()),
      ],
      NOW,
      contract({ amount: 50, unit: 'TiB' }),
    );
    const tib = 2 ** 40;
    const amount = (bytes: number) => Math.round((bytes / tib) * 1000) / 1000;
    assert.deepEqual(
      both.pastMonths.map((m) => m.month),
      ['2026-01', '2025-12'],
    );
    assert.equal(both.pastMonths[0]?.amount, amount(31 * 24 * PER_HOUR));
    assert.equal(
      both.pastMonths[0]?.percentOfCommit,
      Math.round((amount(31 * 24 * PER_HOUR) / 50) * 1000) / 10,
    );
    assert.equal(both.chart.unit, 'TiB');
    assert.equal(both.chart.actual[0], amount(24 * PER_HOUR));
  });

  it('on the last day of the month the P50 line still ends at the P50 amount', () => {
    // 12:00 JST on 2026-02-28, half of the last day in.
    const now = new Date('2026-02-28T03:00:00Z');
    const { assessment: last, view: lastView } = viewOf(
      [...flat(JAN.startUtc.getTime(), JAN.endUtc.getTime()), ...flat(FEB.startUtc.getTime(), now.getTime())],
      now,
    );
    assert.equal(lastView.chart.actual[27], 66);
    assert.ok((last.finance.p50?.amount ?? 0) > 66);
    assert.equal(lastView.chart.p50[27], last.finance.p50?.amount);
  });

  it('without a forecast, no projection lines', () => {
    // Two hours into the month and no history: nothing can forecast.
    const now = new Date(FEB.startUtc.getTime() + 2 * HOUR_MS);
    const { assessment: early, view: earlyView } = viewOf(flat(FEB.startUtc.getTime(), now.getTime()), now);
    assert.equal(early.finance.p50, null);
    assert.deepEqual(earlyView.chart.p50, Array(28).fill(null));
    assert.deepEqual(earlyView.chart.p90, Array(28).fill(null));
    assert.equal(earlyView.chart.actual[0], (2 * PER_HOUR) / TB);
    assert.deepEqual(earlyView.pastMonths, []);
  });
});
