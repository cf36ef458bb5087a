import { wallClockAt } from '../../kernel/time/zoned-wall-clock';

/** An instant as a wall clock in one zone reads it. */
export interface LocalTime {
  /** `YYYY-MM-DD`. */
  date: string;
  year: number;
  month: number;
  day: number;
  /** 0 (Sunday) .. 6. */
  weekday: number;
  /** Minutes since local midnight. */
  minute: number;
  daysInMonth: number;
}

export function localTimeOf(at: Date, timeZone: string): LocalTime {
  // The wall-clock reading as UTC fields: weekday and month length of a civil date need no zone.
  const wall = new Date(wallClockAt(at.getTime(), timeZone));
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + 1;
  return {
    date: wall.toISOString().slice(0, 10),
    year,
    month,
    day: wall.getUTCDate(),
    weekday: wall.getUTCDay(),
    minute: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}
