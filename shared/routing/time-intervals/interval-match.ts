import { isJapanesePublicHoliday } from '../../kernel/time/japanese-holidays';
import { type LocalTime, localTimeOf } from './local-time';
import type { TimeInterval, TimeSpan } from './time-interval-schema';

const inRange = (value: number, range: { from: number; to: number }) =>
  value >= range.from && value <= range.to;

/** `saturday:sunday` wraps past Saturday. */
const inWeekdays = (weekday: number, range: { from: number; to: number }) =>
  range.from <= range.to ? inRange(weekday, range) : weekday >= range.from || weekday <= range.to;

/** `12-29:01-03` wraps past the year's end. */
function inMonthDays(date: string, range: { from: string; to: string }): boolean {
  const md = date.slice(5);
  return range.from <= range.to ? md >= range.from && md <= range.to : md >= range.from || md <= range.to;
}

/** A negative day counts from the month's end: -1 is its last day. */
function inDaysOfMonth(local: LocalTime, range: { from: number; to: number }): boolean {
  const fromEnd = local.day - local.daysInMonth - 1;
  return range.from > 0 ? inRange(local.day, range) : inRange(fromEnd, range);
}

/** Whether the span holds at this local time (see time-interval-schema.ts for each field). */
export function spanHolds(span: TimeSpan, local: LocalTime): boolean {
  if (span.times && !span.times.some((t) => local.minute >= t.startMinute && local.minute < t.endMinute)) {
    return false;
  }
  if (span.excludeDates?.some((range) => inMonthDays(local.date, range))) return false;
  const holiday = span.japaneseHolidays !== undefined && isJapanesePublicHoliday(local.date);
  if (holiday && span.japaneseHolidays === 'exclude') return false;
  if (holiday && span.japaneseHolidays === 'include') return true;
  if (span.weekdays && !span.weekdays.some((range) => inWeekdays(local.weekday, range))) return false;
  if (span.daysOfMonth && !span.daysOfMonth.some((range) => inDaysOfMonth(local, range))) return false;
  if (span.months && !span.months.some((range) => inRange(local.month, range))) return false;
  return true;
}

/** Whether the interval holds at `at`: any one of its spans, read in the interval's zone. */
export function intervalHolds(interval: TimeInterval, at: Date): boolean {
  const local = localTimeOf(at, interval.timeZone);
  return interval.spans.some((span) => spanHolds(span, local));
}
