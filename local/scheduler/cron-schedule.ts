import { instantsAt, wallClockAt } from '../../shared/kernel/time/zoned-wall-clock';

/**
 * Unix-cron as Cloud Scheduler reads it: five fields (minute hour day-of-month month day-of-week) with
 * `*`, numbers, names (JAN-DEC, SUN-SAT), ranges, steps and lists, evaluated in an IANA time zone.
 */

export interface CronSchedule {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0 = Sunday; a 7 in the expression is stored as 0. */
  daysOfWeek: ReadonlySet<number>;
  /**
   * Cron's day rule: when both day fields are restricted a day matching either runs; a field is
   * unrestricted when it starts with `*` (so `*` and `*\/2` both count as unrestricted, as in Vixie cron).
   */
  dayOfMonthRestricted: boolean;
  dayOfWeekRestricted: boolean;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  namesStartAt?: number;
}

const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  namesStartAt: 1,
};
const DAY_OF_WEEK: FieldSpec = {
  name: 'day-of-week',
  min: 0,
  max: 7,
  names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
  namesStartAt: 0,
};

const PART = /^(?:(\*)|([0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?)(?:\/(\d+))?$/;

function parseValue(token: string, field: FieldSpec): number {
  const named = field.names?.indexOf(token.toUpperCase()) ?? -1;
  const value =
    named >= 0 ? named + (field.namesStartAt ?? 0) : /^\d+$/.test(token) ? Number(token) : Number.NaN;
  if (!(value >= field.min && value <= field.max)) {
    throw new Error(`"${token}" is not a ${field.name} (${field.min}-${field.max})`);
  }
  return value;
}

function parseField(text: string, field: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = PART.exec(part);
    if (match === null) throw new Error(`cannot read "${part}"`);
    const [, star, from, to, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw new Error(`step must be at least 1 in "${part}"`);
    let low = field.min;
    let high = field.max;
    if (star === undefined && from !== undefined) {
      low = parseValue(from, field);
      // `a/n` runs from a to the field's maximum, as in Vixie cron.
      high = to !== undefined ? parseValue(to, field) : stepText !== undefined ? field.max : low;
    }
    if (low > high) throw new Error(`range "${part}" runs backwards`);
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values;
}

export function parseCron(cron: string): CronSchedule {
  const texts = cron.trim().split(/\s+/);
  if (texts.length !== 5) {
    throw new Error(
      `Invalid cron "${cron}": expected 5 fields (minute hour day-of-month month day-of-week), got ${texts.length}`,
    );
  }
  const field = (index: number, spec: FieldSpec): Set<number> => {
    const text = texts[index] ?? '';
    try {
      return parseField(text, spec);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Invalid cron "${cron}": bad ${spec.name} field "${text}": ${reason}`);
    }
  };
  return {
    minutes: field(0, MINUTE),
    hours: field(1, HOUR),
    daysOfMonth: field(2, DAY_OF_MONTH),
    months: field(3, MONTH),
    daysOfWeek: new Set([...field(4, DAY_OF_WEEK)].map((day) => day % 7)),
    dayOfMonthRestricted: !texts[2]?.startsWith('*'),
    dayOfWeekRestricted: !texts[4]?.startsWith('*'),
  };
}

const MINUTE_MS = 60_000;

/** Years to search before deciding a cron never fires; Feb 29 can be 8 years apart (2096, then 2104). */
const SEARCH_YEARS = 8;

function dayMatches(schedule: CronSchedule, dayOfMonth: number, dayOfWeek: number): boolean {
  const byMonth = schedule.daysOfMonth.has(dayOfMonth);
  const byWeek = schedule.daysOfWeek.has(dayOfWeek);
  return schedule.dayOfMonthRestricted && schedule.dayOfWeekRestricted
    ? byMonth || byWeek
    : byMonth && byWeek;
}

/** The first time strictly after `after` at which `cron`, read on `timeZone`'s wall clock, fires. */
export function nextRun(cron: string, after: Date, timeZone: string): Date {
  const schedule = parseCron(cron);
  const afterMs = after.getTime();
  if (Number.isNaN(afterMs)) throw new Error('nextRun needs a valid "after" date');
  const startWall = wallClockAt(afterMs, timeZone);
  const lastYear = new Date(startWall).getUTCFullYear() + SEARCH_YEARS;
  // Walk the wall clock from the minute after `after`, skipping whole months, days and hours that cannot match.
  let wall = Math.floor(startWall / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  while (new Date(wall).getUTCFullYear() <= lastYear) {
    const at = new Date(wall);
    const [year, month, day, hour] = [
      at.getUTCFullYear(),
      at.getUTCMonth(),
      at.getUTCDate(),
      at.getUTCHours(),
    ];
    if (!schedule.months.has(month + 1)) {
      wall = Date.UTC(year, month + 1, 1);
    } else if (!dayMatches(schedule, day, at.getUTCDay())) {
      wall = Date.UTC(year, month, day + 1);
    } else if (!schedule.hours.has(hour)) {
      wall = Date.UTC(year, month, day, hour + 1);
    } else if (!schedule.minutes.has(at.getUTCMinutes())) {
      wall += MINUTE_MS;
    } else {
      // A wall time that clocks skip never runs; one that occurs twice runs once, at its first
      // occurrence after `after`.
      const instant = instantsAt(wall, timeZone).find((t) => t > afterMs);
      if (instant !== undefined) return new Date(instant);
      wall += MINUTE_MS;
    }
  }
  throw new Error(`Cron "${cron}" has no run within ${SEARCH_YEARS} years after ${after.toISOString()}`);
}
