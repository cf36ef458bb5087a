import type { TimeIntervalInput } from './time-interval-schema';

/**
 * The interval most Japanese MSPs mean by business hours, shipped as an example and in the demo:
 * weekdays 09:00-18:00 JST, not on public holidays nor in the New Year break (12/29-1/3).
 */
export const BUSINESS_HOURS_JST: TimeIntervalInput = {
  id: 'business-hours',
  timeZone: 'Asia/Tokyo',
  spans: [
    {
      weekdays: ['monday:friday'],
      times: [{ start: '09:00', end: '18:00' }],
      japaneseHolidays: 'exclude',
      excludeDates: ['12-29:01-03'],
    },
  ],
};
