import { z } from 'zod';

/**
 * The JST calendar the commit contract is billed in. JST is UTC+9 all year (no daylight saving), so a
 * fixed offset is exact: month `YYYY-MM` runs from the previous day 15:00Z to its last day 15:00Z.
 * Days are also handled as JST day numbers (whole days since 1970-01-01 JST) where loops need speed.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const JST_OFFSET_MS = 9 * HOUR_MS;

export const jstMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month, YYYY-MM');
/** A calendar date: 2026-02-30 and 2026-13-01 are refused, not rolled over into another day. */
export const jstDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date, YYYY-MM-DD')
  .refine(
    (date) => {
      const ms = Date.parse(`${date}T00:00:00Z`);
      return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
    },
    { message: 'not a calendar date' },
  );

function yearAndMonth(month: string): { year: number; monthIndex: number } {
  const parsed = jstMonthSchema.parse(month);
  return { year: Number(parsed.slice(0, 4)), monthIndex: Number(parsed.slice(5, 7)) - 1 };
}

/** JST day number of an instant given in epoch milliseconds. */
export function jstDayNumberOf(ms: number): number {
  return Math.floor((ms + JST_OFFSET_MS) / DAY_MS);
}

/** `YYYY-MM-DD` of a JST day number. */
export function jstDateOfDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** JST day number of a `YYYY-MM-DD` date. */
export function dayNumberOfJstDate(date: string): number {
  return Math.floor(Date.parse(`${jstDateSchema.parse(date)}T00:00:00Z`) / DAY_MS);
}

/** Start of a JST day as epoch milliseconds (the previous UTC day, 15:00Z). */
export function dayNumberStartMs(dayNumber: number): number {
  return dayNumber * DAY_MS - JST_OFFSET_MS;
}

/** 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** The JST month (`YYYY-MM`) an instant falls in. */
export function jstMonthOf(instant: Date): string {
  return jstDateOf(instant).slice(0, 7);
}

/** The JST date (`YYYY-MM-DD`) an instant falls in; for a UTC hour, the date its hour starts on in JST. */
export function jstDateOf(instant: Date): string {
  return jstDateOfDayNumber(jstDayNumberOf(instant.getTime()));
}

/** The JST hour of the day (0-23) an instant falls in. */
export function jstHourOf(instant: Date): number {
  return new Date(instant.getTime() + JST_OFFSET_MS).getUTCHours();
}

/** Month `YYYY-MM` as UTC instants: `[startUtc, endUtc)` = `[prev day 15:00Z, last day 15:00Z)`. */
export function jstMonthBounds(month: string): { startUtc: Date; endUtc: Date } {
  const { year, monthIndex } = yearAndMonth(month);
  return {
    startUtc: new Date(Date.UTC(year, monthIndex, 1) - JST_OFFSET_MS),
    endUtc: new Date(Date.UTC(year, monthIndex + 1, 1) - JST_OFFSET_MS),
  };
}

/** Days in the month (28-31; February has 29 in leap years). */
export function daysInJstMonth(month: string): number {
  const { startUtc, endUtc } = jstMonthBounds(month);
  return Math.round((endUtc.getTime() - startUtc.getTime()) / DAY_MS);
}

/** JST day number of the month's first day. */
export function firstDayNumberOf(month: string): number {
  return jstDayNumberOf(jstMonthBounds(month).startUtc.getTime());
}

/** Every JST date of the month, in order. */
export function jstDatesOfMonth(month: string): string[] {
  const first = firstDayNumberOf(month);
  return Array.from({ length: daysInJstMonth(month) }, (_, i) => jstDateOfDayNumber(first + i));
}

/** The month `offset` months after (or before, when negative) `month`. */
export function shiftJstMonth(month: string, offset: number): string {
  const { year, monthIndex } = yearAndMonth(month);
  return new Date(Date.UTC(year, monthIndex + offset, 1)).toISOString().slice(0, 7);
}

/**
 * Whole JST days of the month left after the day `instant` falls in: the month's length before it starts,
 * 0 on its last day and after it.
 */
export function wholeJstDaysLeft(month: string, instant: Date): number {
  const first = firstDayNumberOf(month);
  const days = daysInJstMonth(month);
  const today = jstDayNumberOf(instant.getTime());
  if (today < first) return days;
  return Math.max(0, first + days - 1 - today);
}
