import { z } from 'zod';
import { configIdSchema } from '../route-schema';

/**
 * Named time intervals (timeIntervals/{id}), Alertmanager's `time_intervals` with Japan in mind: a
 * route refers to them as `activeTimeIntervals` (it applies only then) or `muteTimeIntervals` (it is
 * muted then). An interval holds when any one of its spans does; a span holds when every field given
 * holds (a field left out holds always).
 */

export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

const hhmm = /^([01]\d|2[0-4]):([0-5]\d)$/;
const minutesOf = (text: string): number => {
  const [, h, m] = hhmm.exec(text) ?? [];
  return Number(h) * 60 + Number(m);
};

/** `09:00`-`18:00` local time; the end is excluded and may be `24:00`. Kept as minutes of the day. */
const timeRangeSchema = z
  .strictObject({
    start: z.string().regex(hhmm, 'expected HH:MM'),
    end: z.string().regex(hhmm, 'expected HH:MM (24:00 for midnight at the end)'),
  })
  .refine((r) => minutesOf(r.start) < minutesOf(r.end) && minutesOf(r.end) <= 24 * 60, {
    message: 'start must be before end, within one day (split a range across midnight in two)',
  })
  .transform((r) => ({ startMinute: minutesOf(r.start), endMinute: minutesOf(r.end) }));

/** `monday`, `monday:friday`, `saturday:sunday` (inclusive, wraps past Saturday), as days 0 (Sunday) .. 6. */
const weekdayRangeSchema = z.string().transform((text, ctx) => {
  const [from, to = from] = text.toLowerCase().split(':');
  const a = WEEKDAYS.indexOf(from as (typeof WEEKDAYS)[number]);
  const b = WEEKDAYS.indexOf(to as (typeof WEEKDAYS)[number]);
  if (a < 0 || b < 0) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a weekday or weekday:weekday (monday:friday), got "${text}"`,
    });
    return z.NEVER;
  }
  return { from: a, to: b };
});

/** `1`, `1:5`, `-1` (the last day), `-7:-1` (the last week). */
const dayOfMonthRangeSchema = z.string().transform((text, ctx) => {
  const match = /^(-?\d{1,2})(?::(-?\d{1,2}))?$/.exec(text);
  const from = Number(match?.[1]);
  const to = Number(match?.[2] ?? match?.[1]);
  const valid = (d: number) => d !== 0 && d >= -31 && d <= 31;
  if (!match || !valid(from) || !valid(to) || Math.sign(from) !== Math.sign(to) || from > to) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a day of month 1..31 or -31..-1, or a range of them, got "${text}"`,
    });
    return z.NEVER;
  }
  return { from, to };
});

/** `january`, `1`, `january:march` or `1:3`; a range runs forward within the year. */
const monthRangeSchema = z.string().transform((text, ctx) => {
  const number = (part: string) => {
    const named = MONTHS.indexOf(part.toLowerCase() as (typeof MONTHS)[number]);
    return named >= 0 ? named + 1 : /^\d{1,2}$/.test(part) ? Number(part) : Number.NaN;
  };
  const [fromText = '', toText = fromText] = text.split(':');
  const from = number(fromText);
  const to = number(toText);
  if (!(from >= 1 && to <= 12 && from <= to)) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a month or month:month (january:march, 1:3), got "${text}"`,
    });
    return z.NEVER;
  }
  return { from, to };
});

/** `12-29` or `12-29:01-03` (wrapping past the year's end), month and day; inclusive. */
const monthDayRangeSchema = z.string().transform((text, ctx) => {
  const match = /^(\d\d-\d\d)(?::(\d\d-\d\d))?$/.exec(text);
  const real = (md: string) => {
    const [m, d] = md.split('-').map(Number);
    return m !== undefined && d !== undefined && m >= 1 && m <= 12 && d >= 1 && d <= 31;
  };
  const from = match?.[1] ?? '';
  const to = match?.[2] ?? from;
  if (!match || !real(from) || !real(to)) {
    ctx.addIssue({ code: 'custom', message: `expected MM-DD or MM-DD:MM-DD (12-29:01-03), got "${text}"` });
    return z.NEVER;
  }
  return { from, to };
});

const timeZoneSchema = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone (Asia/Tokyo)' },
);

export const timeSpanSchema = z.strictObject({
  times: z.array(timeRangeSchema).min(1).optional(),
  weekdays: z.array(weekdayRangeSchema).min(1).optional(),
  daysOfMonth: z.array(dayOfMonthRangeSchema).min(1).optional(),
  months: z.array(monthRangeSchema).min(1).optional(),
  /**
   * `exclude`: the span never holds on a Japanese public holiday (substitute holidays included);
   * `include`: a holiday counts as a day the span's weekdays, days of month and months allow (the
   * times still apply), so an "off hours" span of weekends covers holidays too. Left out: holidays are
   * ordinary days.
   */
  japaneseHolidays: z.enum(['include', 'exclude']).optional(),
  /** Dates the span never holds on, every year (the New Year break: `12-29:01-03`). */
  excludeDates: z.array(monthDayRangeSchema).min(1).optional(),
});

export const timeIntervalSchema = z.strictObject({
  /** timeIntervals/{id}; routes refer to it by this id. */
  id: configIdSchema,
  /** The zone the span's times and dates are read in. */
  timeZone: timeZoneSchema.default('Asia/Tokyo'),
  spans: z.array(timeSpanSchema).min(1),
});

export type TimeSpan = z.infer<typeof timeSpanSchema>;
export type TimeInterval = z.infer<typeof timeIntervalSchema>;
/** What is stored and written: times as HH:MM, ranges as text. */
export type TimeIntervalInput = z.input<typeof timeIntervalSchema>;
