import { isJapanesePublicHoliday } from '../../kernel/time/japanese-holidays';
import { jstDateOfDayNumber, weekdayOfDayNumber } from '../../kernel/time/jst-calendar';

/**
 * Golden Week (Apr 29 - May 5), Obon (Aug 13-16) and the New Year break (Dec 29 - Jan 3): most of Japan is
 * off on these days even where they are not public holidays.
 */
export function isSeasonalBreak(date: string): boolean {
  const monthDay = date.slice(5);
  return (
    (monthDay >= '04-29' && monthDay <= '05-05') ||
    (monthDay >= '08-13' && monthDay <= '08-16') ||
    monthDay >= '12-29' ||
    monthDay <= '01-03'
  );
}

export function isHolidayLike(date: string): boolean {
  return isJapanesePublicHoliday(date) || isSeasonalBreak(date);
}

/** Day class of the weekday-aware forecast: 0 (Sunday) .. 6 (Saturday); holiday-like days behave as Sundays. */
export const SUNDAY_CLASS = 0;

export function dayClassOf(dayNumber: number): number {
  return isHolidayLike(jstDateOfDayNumber(dayNumber)) ? SUNDAY_CLASS : weekdayOfDayNumber(dayNumber);
}
