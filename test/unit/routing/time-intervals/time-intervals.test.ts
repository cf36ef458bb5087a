import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUSINESS_HOURS_JST } from '../../../../shared/routing/time-intervals/business-hours';
import { intervalHolds } from '../../../../shared/routing/time-intervals/interval-match';
import { nextChange } from '../../../../shared/routing/time-intervals/next-change';
import {
  type TimeIntervalInput,
  timeIntervalSchema,
} from '../../../../shared/routing/time-intervals/time-interval-schema';

const interval = (input: TimeIntervalInput) => timeIntervalSchema.parse(input);
const business = interval(BUSINESS_HOURS_JST);
/** A JST wall-clock time as an instant (JST is UTC+9 all year). */
const jst = (local: string) => new Date(`${local}+09:00`);
const holds = (i: ReturnType<typeof interval>, local: string) => intervalHolds(i, jst(local));

describe('business hours (weekdays 09:00-18:00 JST, not on holidays nor 12/29-1/3)', () => {
  it('holds from 09:00 up to 18:00 (end excluded) on a weekday, not at night or on a Sunday', () => {
    assert.equal(holds(business, '2026-12-07T08:59:59'), false);
    assert.equal(holds(business, '2026-12-07T09:00:00'), true);
    assert.equal(holds(business, '2026-12-07T17:59:59'), true);
    assert.equal(holds(business, '2026-12-07T18:00:00'), false);
    assert.equal(holds(business, '2026-12-06T03:00:00'), false, 'Sunday 03:00');
    assert.equal(holds(business, '2026-12-05T10:00:00'), false, 'Saturday');
  });

  it('reads the day in JST, not UTC: Monday 08:00 JST is Sunday 23:00 UTC', () => {
    assert.equal(intervalHolds(business, new Date('2026-12-06T23:30:00Z')), false, 'Monday 08:30 JST');
    assert.equal(intervalHolds(business, new Date('2026-12-07T00:30:00Z')), true, 'Monday 09:30 JST');
    assert.equal(intervalHolds(business, new Date('2026-12-04T09:30:00Z')), false, 'Friday 18:30 JST');
  });

  it('does not hold on public holidays in Golden Week, the substitute holiday included, nor in the New Year break', () => {
    assert.equal(holds(business, '2026-04-29T10:00:00'), false, 'Showa Day (Wednesday)');
    assert.equal(holds(business, '2026-05-04T10:00:00'), false, 'Greenery Day (Monday)');
    assert.equal(holds(business, '2026-05-06T10:00:00'), false, 'substitute holiday for Sunday 5/3');
    assert.equal(holds(business, '2026-05-07T10:00:00'), true, 'Thursday after Golden Week');
    assert.equal(holds(business, '2026-12-29T10:00:00'), false, 'New Year break, a Tuesday');
    assert.equal(holds(business, '2027-01-01T10:00:00'), false);
    assert.equal(holds(business, '2027-01-04T10:00:00'), true, 'first Monday after the break');
    assert.equal(holds(business, '2027-01-11T10:00:00'), false, 'Coming of Age Day');
  });

  it('finds when it next changes: 18:00 on Friday, then 09:00 on Monday', () => {
    assert.deepEqual(nextChange(business, jst('2026-12-04T17:30:00')), jst('2026-12-04T18:00:00'));
    assert.deepEqual(nextChange(business, jst('2026-12-04T18:00:00')), jst('2026-12-07T09:00:00'));
    assert.deepEqual(nextChange(business, jst('2026-12-06T03:00:00')), jst('2026-12-07T09:00:00'));
  });

  it('looks past Golden Week and the New Year break', () => {
    assert.deepEqual(nextChange(business, jst('2026-05-01T18:00:00')), jst('2026-05-07T09:00:00'));
    assert.deepEqual(nextChange(business, jst('2026-12-28T18:00:00')), jst('2027-01-04T09:00:00'));
  });
});

describe('time intervals', () => {
  it('a night across midnight, written as two ranges, holds at 23:59 and 00:00 and stops at 06:00', () => {
    const night = interval({
      id: 'night',
      spans: [
        {
          times: [
            { start: '22:00', end: '24:00' },
            { start: '00:00', end: '06:00' },
          ],
        },
      ],
    });
    assert.equal(holds(night, '2026-12-07T21:59:00'), false);
    assert.equal(holds(night, '2026-12-07T23:59:59'), true);
    assert.equal(holds(night, '2026-12-08T00:00:00'), true);
    assert.equal(holds(night, '2026-12-08T05:59:00'), true);
    assert.equal(holds(night, '2026-12-08T06:00:00'), false);
    assert.deepEqual(nextChange(night, jst('2026-12-07T23:00:00')), jst('2026-12-08T06:00:00'));
  });

  it('japaneseHolidays include: a holiday counts as a weekend day for an off-days span', () => {
    const offDays = interval({
      id: 'off-days',
      spans: [{ weekdays: ['saturday:sunday'], japaneseHolidays: 'include' }],
    });
    assert.equal(holds(offDays, '2026-05-06T10:00:00'), true, 'the substitute holiday, a Wednesday');
    assert.equal(holds(offDays, '2026-05-13T10:00:00'), false, 'an ordinary Wednesday');
    assert.equal(holds(offDays, '2026-05-09T10:00:00'), true, 'Saturday');
    assert.equal(holds(offDays, '2026-05-10T10:00:00'), true, 'Sunday: saturday:sunday wraps');
    assert.equal(holds(offDays, '2026-05-11T10:00:00'), false, 'Monday');
    // Left out, holidays are ordinary days.
    const weekends = interval({ id: 'weekends', spans: [{ weekdays: ['saturday', 'sunday'] }] });
    assert.equal(holds(weekends, '2026-05-06T10:00:00'), false);
  });

  it('any one span holds; days of month count from the end when negative; months as names or numbers', () => {
    const monthEnd = interval({
      id: 'month-end',
      spans: [{ daysOfMonth: ['-1'] }, { months: ['august'], daysOfMonth: ['13:16'] }],
    });
    assert.equal(holds(monthEnd, '2027-02-28T12:00:00'), true);
    assert.equal(holds(monthEnd, '2028-02-28T12:00:00'), false, 'a leap year: the 29th is the last');
    assert.equal(holds(monthEnd, '2028-02-29T12:00:00'), true);
    assert.equal(holds(monthEnd, '2026-08-14T12:00:00'), true, 'Obon, the second span');
    assert.equal(holds(monthEnd, '2026-07-14T12:00:00'), false);
    const q1 = interval({ id: 'q1', spans: [{ months: ['1:3'] }] });
    assert.equal(holds(q1, '2026-03-31T23:59:00'), true);
    assert.equal(holds(q1, '2026-04-01T00:00:00'), false);
  });

  it('reads times in the interval zone, across a daylight-saving change', () => {
    const newYork = interval({
      id: 'ny-office',
      timeZone: 'America/New_York',
      spans: [{ times: [{ start: '09:00', end: '17:00' }] }],
    });
    assert.equal(intervalHolds(newYork, new Date('2026-03-06T13:30:00Z')), false, '08:30 EST');
    assert.equal(intervalHolds(newYork, new Date('2026-03-09T13:30:00Z')), true, '09:30 EDT');
  });

  it('an interval without conditions always holds, so nothing changes', () => {
    const always = interval({ id: 'always', spans: [{}] });
    assert.equal(holds(always, '2026-12-07T03:00:00'), true);
    assert.equal(nextChange(always, jst('2026-12-07T03:00:00'), 3), null);
  });

  it('refuses malformed intervals, naming the field', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ id: 'x', spans: [{ times: [{ start: '25:00', end: '26:00' }] }] }, 'spans.0.times.0.start', /HH:MM/],
      [{ id: 'x', spans: [{ times: [{ start: '18:00', end: '09:00' }] }] }, 'spans.0.times.0', /before end/],
      [{ id: 'x', spans: [{ weekdays: ['funday'] }] }, 'spans.0.weekdays.0', /weekday/],
      [{ id: 'x', spans: [{ weekdays: ['monday:funday'] }] }, 'spans.0.weekdays.0', /weekday/],
      [{ id: 'x', spans: [{ months: ['13'] }] }, 'spans.0.months.0', /month/],
      [{ id: 'x', spans: [{ daysOfMonth: ['0'] }] }, 'spans.0.daysOfMonth.0', /day of month/],
      [{ id: 'x', spans: [{ excludeDates: ['13-01'] }] }, 'spans.0.excludeDates.0', /MM-DD/],
      [{ id: 'x', spans: [{ japaneseHolidays: 'maybe' }] }, 'spans.0.japaneseHolidays', /include|exclude/],
      [{ id: 'x', timeZone: 'Mars/Base', spans: [{}] }, 'timeZone', /IANA/],
      [{ id: 'x', spans: [] }, 'spans', /1/],
      [{ id: 'business hours', spans: [{}] }, 'id', /an id/],
      [{ id: 'x', spans: [{ weekday: ['monday'] }] }, 'spans.0', /weekday/],
    ];
    for (const [input, path, message] of cases) {
      const parsed = timeIntervalSchema.safeParse(input);
      assert.equal(parsed.success, false, JSON.stringify(input));
      const issue = parsed.error?.issues[0];
      assert.equal(issue?.path.join('.'), path, JSON.stringify(input));
      assert.match(`${issue?.message} ${JSON.stringify(issue)}`, message, JSON.stringify(input));
    }
  });
});
