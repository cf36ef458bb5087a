import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_ERROR_BANDS } from '../../../../shared/cdn/forecast/default-error-bands';
import {
  errorBandAt,
  errorBandTableFrom,
  type ForecastErrorSample,
  forecastRange,
} from '../../../../shared/cdn/forecast/error-bands';
import {
  type ForecastInput,
  forecastInput,
  restOfToday,
} from '../../../../shared/cdn/forecast/forecast-input';
import { FORECAST_METHOD_NAMES } from '../../../../shared/cdn/forecast/forecast-method';
import { chooseForecast, FORECAST_METHODS } from '../../../../shared/cdn/forecast/forecast-methods';
import { dayClassOf } from '../../../../shared/cdn/forecast/jp-day-type';
import { type HourlyBucket, hourStartUtcOf } from '../../../../shared/cdn/model/hourly-bucket';
import { type HourlySeries, hourlySeriesFrom, sumOfHours } from '../../../../shared/cdn/model/hourly-series';
import { monthUsage } from '../../../../shared/cdn/model/month-usage';
import {
  DAY_MS,
  dayNumberOfJstDate,
  dayNumberStartMs,
  HOUR_MS,
  jstMonthBounds,
} from '../../../../shared/kernel/time/jst-calendar';

const FLAT = Array.from({ length: 24 }, () => 1);
// Quiet at dawn, busy in the evening: a day is not done at the rate of hours elapsed.
const EVENING = [3, 2, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 6, 7, 8, 8, 7, 5];
/** Sunday..Saturday, holiday-like days as Sunday. */
const WEEK = [1.4, 0.9, 0.85, 0.9, 0.95, 1.1, 1.3];

/** Whole JST days `from`..`to` (inclusive), each split over its hours by `shape`. */
function traffic(
  from: string,
  to: string,
  dayBytes: (dayNumber: number) => number,
  shape = FLAT,
): HourlyBucket[] {
  const weights = shape.reduce((a, b) => a + b, 0);
  const buckets: HourlyBucket[] = [];
  for (let day = dayNumberOfJstDate(from); day <= dayNumberOfJstDate(to); day++) {
    shape.forEach((w, h) => {
      buckets.push({
        hourStartUtc: hourStartUtcOf(new Date(dayNumberStartMs(day) + h * HOUR_MS)),
        bytes: (dayBytes(day) * w) / weights,
      });
    });
  }
  return buckets;
}

function inputAt(series: HourlySeries, month: string, now: Date): ForecastInput {
  return forecastInput(series, monthUsage(series, month, now, { sourceLagMinutes: 0 }));
}

const monthTotal = (series: HourlySeries, month: string) => {
  const { startUtc, endUtc } = jstMonthBounds(month);
  return sumOfHours(series, startUtc.getTime(), endUtc.getTime()) ?? Number.NaN;
};
const march = (day: number, hour: number) =>
  new Date(jstMonthBounds('2025-03').startUtc.getTime() + (day - 1) * DAY_MS + hour * HOUR_MS);
const weekly = (day: number) => 1e12 * (WEEK[dayClassOf(day)] ?? 1);

describe('linear run-rate', () => {
  it('is M / d * D', () => {
    const series = hourlySeriesFrom(traffic('2025-03-01', '2025-03-05', () => 24_000));
    const outcome = FORECAST_METHODS['linear-run-rate'](inputAt(series, '2025-03', march(6, 0)));
    assert.deepEqual(outcome, { ok: true, bytes: 744_000 });
  });

  it('needs 3 complete days, else says insufficient data', () => {
    const series = hourlySeriesFrom(traffic('2025-03-01', '2025-03-02', () => 24_000));
    const outcome = FORECAST_METHODS['linear-run-rate'](inputAt(series, '2025-03', march(3, 12)));
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.reason, /insufficient data/);
  });
});

describe('trailing 7-day rate', () => {
  it('is M + p + r7 x (R + rest of today), and works on day 1 from last month', () => {
    const series = hourlySeriesFrom(traffic('2025-02-22', '2025-03-01', () => 24_000));
    // Mar 1 at 12:00 JST: p = 12,000, r7 = 24,000, R = 30, half the (flat) day left.
    const outcome = FORECAST_METHODS['trailing-7-day'](inputAt(series, '2025-03', march(1, 12)));
    assert.deepEqual(outcome, { ok: true, bytes: 12_000 + 24_000 * 30.5 });
  });

  it('needs 3 complete days in the last week', () => {
    const series = hourlySeriesFrom(traffic('2025-02-27', '2025-03-01', () => 24_000));
    assert.equal(FORECAST_METHODS['trailing-7-day'](inputAt(series, '2025-03', march(1, 0))).ok, false);
  });
});

describe("today's partial day", () => {
  it('is weighed by the share of a typical day done by this hour, not by hours elapsed', () => {
    const series = hourlySeriesFrom(traffic('2025-02-15', '2025-03-10', () => 1e9, EVENING));
    const input = inputAt(series, '2025-03', march(10, 12));
    const doneBy12 = EVENING.slice(0, 12).reduce((a, b) => a + b, 0) / EVENING.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(restOfToday(input) - (1 - doneBy12)) < 1e-12);
    assert.ok(restOfToday(input) > 0.6, 'far more than half of an evening-heavy day is left at noon');
  });

  it('falls back to a flat day without history', () => {
    const series = hourlySeriesFrom(traffic('2025-03-01', '2025-03-01', () => 24_000).slice(0, 6));
    assert.equal(restOfToday(inputAt(series, '2025-03', march(1, 6))), 0.75);
  });
});

describe('weekday-aware', () => {
  const series = hourlySeriesFrom(traffic('2025-03-01', '2025-06-30', weekly, EVENING));

  it('hits month-end exactly on a clean weekly pattern, where the run-rate is off', () => {
    const input = inputAt(series, '2025-06', new Date(Date.parse('2025-06-10T03:00:00Z')));
    const actual = monthTotal(series, '2025-06');
    const weekday = FORECAST_METHODS['weekday-aware'](input);
    const linear = FORECAST_METHODS['linear-run-rate'](input);
    assert.ok(weekday.ok && linear.ok);
    assert.ok(Math.abs(weekday.bytes / actual - 1) < 1e-9, `weekday-aware ${weekday.bytes} vs ${actual}`);
    assert.ok(Math.abs(linear.bytes / actual - 1) > 0.005, 'the weekday mix of 9 days biases the run-rate');
  });

  it('forecasts Golden Week days with the Sunday factor', () => {
    const input = inputAt(series, '2025-05', new Date(Date.parse('2025-05-02T03:00:00Z')));
    const weekday = FORECAST_METHODS['weekday-aware'](input);
    assert.ok(weekday.ok);
    assert.ok(Math.abs(weekday.bytes / monthTotal(series, '2025-05') - 1) < 1e-9);
  });

  it('ignores a launch spike in the last week when setting the level', () => {
    const spiked = hourlySeriesFrom(
      traffic(
        '2025-03-01',
        '2025-06-30',
        (d) => weekly(d) * (d === dayNumberOfJstDate('2025-06-07') ? 3 : 1),
      ),
    );
    const input = inputAt(spiked, '2025-06', new Date(Date.parse('2025-06-10T03:00:00Z')));
    const weekday = FORECAST_METHODS['weekday-aware'](input);
    assert.ok(weekday.ok);
    const withoutSpike = monthTotal(series, '2025-06');
    const spikeBytes = 2 * weekly(dayNumberOfJstDate('2025-06-07'));
    assert.ok(Math.abs(weekday.bytes - spikeBytes - withoutSpike) / withoutSpike < 1e-9);
  });

  it('needs four complete weeks of history', () => {
    const short = hourlySeriesFrom(traffic('2025-05-20', '2025-06-30', weekly));
    const outcome = FORECAST_METHODS['weekday-aware'](
      inputAt(short, '2025-06', new Date('2025-06-10T03:00:00Z')),
    );
    assert.equal(outcome.ok, false);
  });
});

describe('chooseForecast', () => {
  it('falls back along the preferred order and says why', () => {
    const tenDays = hourlySeriesFrom(traffic('2025-02-20', '2025-03-01', () => 24_000));
    assert.equal(chooseForecast(inputAt(tenDays, '2025-03', march(2, 0))).method, 'trailing-7-day');
    const none = chooseForecast(inputAt(hourlySeriesFrom([]), '2025-03', march(2, 0)));
    assert.equal(none.method, null);
    assert.match(none.method === null ? none.reason : '', /weekday-aware.*trailing.*linear/);
  });
});

describe('error bands', () => {
  const sample = (dayOfMonth: number, actualBytes: number): ForecastErrorSample => ({
    method: 'weekday-aware',
    dayOfMonth,
    forecastBytes: 100,
    actualBytes,
  });
  const samples = [sample(3, 100), ...[90, 100, 110, 120, 130].map((actual) => sample(10, actual))];

  it('are quantiles of actual / forecast - 1 per method and day', () => {
    const table = errorBandTableFrom(samples);
    const rows = table['weekday-aware'];
    assert.deepEqual(
      rows.map((r) => r.dayOfMonth),
      [3, 10],
    );
    assert.ok(Math.abs((rows[1]?.p50 ?? 0) - 0.1) < 1e-12);
    assert.ok(Math.abs((rows[1]?.p90 ?? 0) - 0.26) < 1e-12);
    assert.deepEqual(table['linear-run-rate'], []);
  });

  it('look up the latest day at or before, else the first row', () => {
    const table = errorBandTableFrom(samples);
    assert.equal(errorBandAt(table, 'weekday-aware', 12)?.dayOfMonth, 10);
    assert.equal(errorBandAt(table, 'weekday-aware', 9)?.dayOfMonth, 3);
    assert.equal(errorBandAt(table, 'weekday-aware', 1)?.dayOfMonth, 3);
    assert.equal(errorBandAt(table, 'linear-run-rate', 12), undefined);
  });

  it('P90 >= P50 >= what is already used, whatever the table says', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e15, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 1e15, noNaN: true }),
        (point, p50, p90, actual) => {
          const range = forecastRange(point, { dayOfMonth: 10, p50, p90, samples: 1 }, actual);
          return range.p90Bytes >= range.p50Bytes && range.p50Bytes >= actual;
        },
      ),
    );
  });

  it('ship defaults for every method, ascending by day, P90 above P50', () => {
    for (const method of FORECAST_METHOD_NAMES) {
      const rows = DEFAULT_ERROR_BANDS[method];
      assert.ok(rows.length > 0, method);
      rows.forEach((row, i) => {
        assert.ok(row.p90 >= row.p50, `${method} day ${row.dayOfMonth}`);
        if (i > 0) assert.ok(row.dayOfMonth > (rows[i - 1]?.dayOfMonth ?? 0));
      });
    }
  });
});
