import holidayJp from '@holiday-jp/holiday_jp';

// Keyed 'YYYY-MM-DD'; the package's Date objects are local midnight, so only the keys are used.
const PUBLIC_HOLIDAYS: Readonly<Record<string, unknown>> = holidayJp.holidays;

/** A Japanese public holiday (substitute holidays included), by JST date `YYYY-MM-DD`. */
export function isJapanesePublicHoliday(date: string): boolean {
  return Object.hasOwn(PUBLIC_HOLIDAYS, date);
}
