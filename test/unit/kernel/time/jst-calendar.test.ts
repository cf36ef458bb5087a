import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dayClassOf, isHolidayLike, isSeasonalBreak } from '../../../../shared/cdn/forecast/jp-day-type';
import { isJapanesePublicHoliday } from '../../../../shared/kernel/time/japanese-holidays';
import {
  dayNumberOfJstDate,
  daysInJstMonth,
  jstDateOf,
  jstDatesOfMonth,
  jstHourOf,
  jstMonthBounds,
  jstMonthOf,
  shiftJstMonth,
  weekdayOfDayNumber,
  wholeJstDaysLeft,
} from '../../../../shared/kernel/time/jst-calendar';

const at = (iso: string) => new Date(iso);
const iso = (bounds: { startUtc: Date; endUtc: Date }) => [
  bounds.startUtc.toISOString(),
  bounds.endUtc.toISOString(),
];

describe('JST month of an instant', () => {
  it('the month starts at 15:00Z of the previous UTC day and ends at 15:00Z of its last day', () => {
    assert.equal(jstMonthOf(at('2025-02-28T14:59:59.999Z')), '2025-02');
    assert.equal(jstMonthOf(at('2025-02-28T15:00:00Z')), '2025-03');
    assert.equal(jstMonthOf(at('2025-12-31T14:59:59Z')), '2025-12');
    assert.equal(jstMonthOf(at('2025-12-31T15:00:00Z')), '2026-01');
  });

  it('bounds are [prev day 15:00Z, last day 15:00Z)', () => {
    assert.deepEqual(iso(jstMonthBounds('2025-03')), [
      '2025-02-28T15:00:00.000Z',
      '2025-03-31T15:00:00.000Z',
    ]);
    assert.deepEqual(iso(jstMonthBounds('2026-01')), [
      '2025-12-31T15:00:00.000Z',
      '2026-01-31T15:00:00.000Z',
    ]);
    assert.deepEqual(iso(jstMonthBounds('2028-02')), [
      '2028-01-31T15:00:00.000Z',
      '2028-02-29T15:00:00.000Z',
    ]);
  });

  it('every instant lies inside the bounds of its own month', () => {
    fc.assert(
      fc.property(
        fc.date({ min: at('2000-01-01T00:00:00Z'), max: at('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        (d) => {
          const { startUtc, endUtc } = jstMonthBounds(jstMonthOf(d));
          return startUtc.getTime() <= d.getTime() && d.getTime() < endUtc.getTime();
        },
      ),
    );
  });

  it('rejects a malformed month', () => {
    assert.throws(() => jstMonthBounds('2025-13'));
    assert.throws(() => jstMonthBounds('2025-1'));
  });
});

describe('days of a month', () => {
  it('February has 28 days, 29 in a leap year (2028); 30/31 otherwise', () => {
    assert.equal(daysInJstMonth('2025-02'), 28);
    assert.equal(daysInJstMonth('2028-02'), 29);
    assert.equal(daysInJstMonth('2100-02'), 28);
    assert.equal(daysInJstMonth('2025-04'), 30);
    assert.equal(daysInJstMonth('2025-12'), 31);
  });

  it('lists the JST dates in order', () => {
    const days = jstDatesOfMonth('2028-02');
    assert.equal(days.length, 29);
    assert.equal(days[0], '2028-02-01');
    assert.equal(days.at(-1), '2028-02-29');
  });

  it('shifts months across years', () => {
    assert.equal(shiftJstMonth('2025-12', 1), '2026-01');
    assert.equal(shiftJstMonth('2025-01', -1), '2024-12');
    assert.equal(shiftJstMonth('2025-01', 14), '2026-03');
  });
});

describe('JST date of a UTC hour', () => {
  it('a UTC day straddles two JST dates: hours 00-14Z are that date, 15-23Z the next', () => {
    assert.equal(jstDateOf(at('2025-04-10T00:00:00Z')), '2025-04-10');
    assert.equal(jstDateOf(at('2025-04-10T14:00:00Z')), '2025-04-10');
    assert.equal(jstDateOf(at('2025-04-10T15:00:00Z')), '2025-04-11');
    assert.equal(jstDateOf(at('2025-04-10T23:00:00Z')), '2025-04-11');
    assert.equal(jstHourOf(at('2025-04-10T14:00:00Z')), 23);
    assert.equal(jstHourOf(at('2025-04-10T15:00:00Z')), 0);
  });

  it('weekday of a date (2025-01-01 was a Wednesday)', () => {
    assert.equal(weekdayOfDayNumber(dayNumberOfJstDate('2025-01-01')), 3);
    assert.equal(weekdayOfDayNumber(dayNumberOfJstDate('2028-02-29')), 2);
  });
});

describe('whole days left', () => {
  it('counts JST days after today', () => {
    assert.equal(wholeJstDaysLeft('2025-03', at('2025-02-28T14:00:00Z')), 31, 'before the month: all of it');
    assert.equal(wholeJstDaysLeft('2025-03', at('2025-02-28T15:00:00Z')), 30, 'first hour of Mar 1 JST');
    assert.equal(wholeJstDaysLeft('2025-03', at('2025-03-30T14:59:00Z')), 1, 'Mar 30 JST');
    assert.equal(wholeJstDaysLeft('2025-03', at('2025-03-30T15:00:00Z')), 0, 'Mar 31 JST, the last day');
    assert.equal(wholeJstDaysLeft('2025-03', at('2025-04-05T00:00:00Z')), 0, 'after the month');
    assert.equal(wholeJstDaysLeft('2028-02', at('2028-02-27T15:00:00Z')), 1, 'Feb 28 of a leap year');
  });
});

describe('Japanese day types', () => {
  it('public holidays, substitute ones included', () => {
    assert.equal(isJapanesePublicHoliday('2025-01-13'), true);
    assert.equal(isJapanesePublicHoliday('2025-05-06'), true);
    assert.equal(isJapanesePublicHoliday('2025-05-07'), false);
  });

  it('Golden Week, Obon and the New Year break are holiday-like', () => {
    assert.equal(isSeasonalBreak('2025-05-01'), true);
    assert.equal(isSeasonalBreak('2025-08-14'), true);
    assert.equal(isSeasonalBreak('2025-12-30'), true);
    assert.equal(isSeasonalBreak('2026-01-03'), true);
    assert.equal(isSeasonalBreak('2026-01-05'), false);
    assert.equal(isHolidayLike('2025-06-10'), false);
  });

  it('holiday-like days fall in the Sunday class, other days in their weekday', () => {
    assert.equal(dayClassOf(dayNumberOfJstDate('2025-06-09')), 1);
    assert.equal(dayClassOf(dayNumberOfJstDate('2025-05-06')), 0);
    assert.equal(dayClassOf(dayNumberOfJstDate('2025-08-13')), 0);
  });
});
