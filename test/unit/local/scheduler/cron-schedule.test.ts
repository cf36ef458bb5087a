import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextRun, parseCron } from '../../../../local/scheduler/cron-schedule';

const TOKYO = 'Asia/Tokyo';
const next = (cron: string, after: string, timeZone = TOKYO): string =>
  nextRun(cron, new Date(after), timeZone).toISOString();

describe('parseCron', () => {
  it('expands numbers, ranges, steps, lists and names', () => {
    const schedule = parseCron('1-10/3,59 */6 5/10 JAN,mar-May MON-FRI');
    assert.deepEqual([...schedule.minutes], [1, 4, 7, 10, 59]);
    assert.deepEqual([...schedule.hours], [0, 6, 12, 18]);
    assert.deepEqual([...schedule.daysOfMonth], [5, 15, 25]);
    assert.deepEqual([...schedule.months], [1, 3, 4, 5]);
    assert.deepEqual([...schedule.daysOfWeek], [1, 2, 3, 4, 5]);
  });

  it('reads day-of-week 7 as Sunday, like 0', () => {
    assert.deepEqual([...parseCron('0 0 * * 7').daysOfWeek], [0]);
    assert.deepEqual([...parseCron('0 0 * * 5-7').daysOfWeek], [5, 6, 0]);
  });

  it('counts a day field as restricted unless it starts with *', () => {
    const both = parseCron('0 0 1 * 1');
    assert.equal(both.dayOfMonthRestricted && both.dayOfWeekRestricted, true);
    const stepped = parseCron('0 0 */2 * 1');
    assert.equal(stepped.dayOfMonthRestricted, false);
  });

  for (const [cron, field] of [
    ['* * * *', /expected 5 fields/],
    ['* * * * * *', /expected 5 fields/],
    ['60 * * * *', /bad minute field "60"/],
    ['*/0 * * * *', /bad minute field "\*\/0"/],
    ['10-5 * * * *', /bad minute field "10-5"/],
    ['1,,2 * * * *', /bad minute field/],
    ['* 24 * * *', /bad hour field "24"/],
    ['* * 0 * *', /bad day-of-month field "0"/],
    ['* * 32 * *', /bad day-of-month field "32"/],
    ['* * * 13 *', /bad month field "13"/],
    ['* * * JANUARY *', /bad month field "JANUARY"/],
    ['* * * * 8', /bad day-of-week field "8"/],
    ['* * * * MON-', /bad day-of-week field/],
    ['', /expected 5 fields/],
  ] as const) {
    it(`rejects "${cron}" naming the bad field`, () => {
      assert.throws(() => parseCron(cron), field);
    });
  }
});

describe('nextRun in Asia/Tokyo', () => {
  it('runs every 5 minutes, strictly after the given time', () => {
    assert.equal(next('*/5 * * * *', '2025-01-01T00:02:30Z'), '2025-01-01T00:05:00.000Z');
    assert.equal(next('*/5 * * * *', '2025-01-01T00:05:00Z'), '2025-01-01T00:10:00.000Z');
    assert.equal(next('*/5 * * * *', '2025-01-01T00:04:59.999Z'), '2025-01-01T00:05:00.000Z');
  });

  it('runs hourly at :00', () => {
    assert.equal(next('0 * * * *', '2025-03-10T05:20:00Z'), '2025-03-10T06:00:00.000Z');
    assert.equal(next('0 * * * *', '2025-12-31T23:00:00Z'), '2026-01-01T00:00:00.000Z');
  });

  it('runs daily at 09:00 JST, which is 00:00Z', () => {
    assert.equal(next('0 9 * * *', '2025-03-09T23:59:00Z'), '2025-03-10T00:00:00.000Z');
    assert.equal(next('0 9 * * *', '2025-03-10T00:00:00Z'), '2025-03-11T00:00:00.000Z');
  });

  it('rolls over month and year ends on the Tokyo calendar', () => {
    // 2025-01-31T15:00Z is already 1 Feb 00:00 in Tokyo, so the next 1st is March.
    assert.equal(next('0 0 1 * *', '2025-01-31T15:00:00Z'), '2025-02-28T15:00:00.000Z');
    assert.equal(next('30 23 31 * *', '2025-01-31T15:00:00Z'), '2025-03-31T14:30:00.000Z');
    assert.equal(next('0 0 1 1 *', '2025-06-01T00:00:00Z'), '2025-12-31T15:00:00.000Z');
  });

  it('finds Feb 29 in the next leap year', () => {
    assert.equal(next('0 0 29 2 *', '2025-01-01T00:00:00Z'), '2028-02-28T15:00:00.000Z');
    assert.equal(next('0 0 29 2 *', '2028-02-28T15:00:00Z'), '2032-02-28T15:00:00.000Z');
  });

  it('matches day-of-week on the Tokyo calendar, with 0 and 7 both Sunday', () => {
    // 2025-01-01 is a Wednesday.
    assert.equal(next('0 9 * * 1', '2025-01-01T00:00:00Z'), '2025-01-06T00:00:00.000Z');
    assert.equal(next('0 9 * * 0', '2025-01-01T00:00:00Z'), '2025-01-05T00:00:00.000Z');
    assert.equal(next('0 9 * * 7', '2025-01-01T00:00:00Z'), '2025-01-05T00:00:00.000Z');
    assert.equal(next('0 9 * * MON-FRI', '2025-01-03T00:00:00Z'), '2025-01-06T00:00:00.000Z');
    // Sunday 2025-01-05 00:30 JST is still Saturday in UTC.
    assert.equal(next('30 0 * * SUN', '2025-01-01T00:00:00Z'), '2025-01-04T15:30:00.000Z');
  });

  it('runs on either day field when both are restricted, on both when one starts with *', () => {
    // Friday 3 Jan comes before the 13th.
    assert.equal(next('0 0 13 * 5', '2025-01-01T00:00:00Z'), '2025-01-02T15:00:00.000Z');
    assert.equal(next('0 0 13 * *', '2025-01-01T00:00:00Z'), '2025-01-12T15:00:00.000Z');
    // Odd days that are also Mondays: 13 Jan 2025.
    assert.equal(next('0 0 */2 * 1', '2025-01-01T00:00:00Z'), '2025-01-12T15:00:00.000Z');
  });

  it('throws for a cron that never fires and for an unknown time zone', () => {
    assert.throws(() => nextRun('0 0 30 2 *', new Date('2025-01-01T00:00:00Z'), TOKYO), /no run within/);
    assert.throws(() => nextRun('* * * * *', new Date('2025-01-01T00:00:00Z'), 'Mars/Olympus'), RangeError);
  });
});

describe('nextRun in zones with daylight saving time', () => {
  it('follows the offset change instead of a fixed offset', () => {
    // New York springs forward on 9 Mar 2025: 09:00 is 14:00Z before and 13:00Z after.
    assert.equal(next('0 9 * * *', '2025-03-08T12:00:00Z', 'America/New_York'), '2025-03-08T14:00:00.000Z');
    assert.equal(next('0 9 * * *', '2025-03-08T14:00:00Z', 'America/New_York'), '2025-03-09T13:00:00.000Z');
  });

  it('skips a wall time the clocks jump over', () => {
    // London has no 01:30 on 30 Mar 2025.
    assert.equal(next('30 1 * * *', '2025-03-29T12:00:00Z', 'Europe/London'), '2025-03-31T00:30:00.000Z');
  });

  it('runs a repeated wall time once, at its first occurrence', () => {
    // London reads 01:30 twice on 26 Oct 2025 (00:30Z and 01:30Z).
    assert.equal(next('30 1 * * *', '2025-10-25T12:00:00Z', 'Europe/London'), '2025-10-26T00:30:00.000Z');
    assert.equal(next('30 1 * * *', '2025-10-26T00:30:00Z', 'Europe/London'), '2025-10-27T01:30:00.000Z');
  });
});
