import { spanHolds } from './interval-match';
import { type LocalTime, localTimeOf } from './local-time';
import type { TimeInterval } from './time-interval-schema';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MINUTES = 24 * 60;

/** How far ahead a change is looked for: past any holiday run (Golden Week plus weekends). */
export const NEXT_CHANGE_HORIZON_DAYS = 35;

const holdsAt = (interval: TimeInterval, local: LocalTime) =>
  interval.spans.some((span) => spanHolds(span, local));

/**
 * The first minute after `from` at which the interval stops holding (if it holds at `from`) or starts
 * to (if not); null when nothing changes within the horizon. The zone is asked once per hour and the
 * minutes counted on from there: intervals change only on whole local minutes.
 */
export function nextChange(
  interval: TimeInterval,
  from: Date,
  horizonDays: number = NEXT_CHANGE_HORIZON_DAYS,
): Date | null {
  const now = holdsAt(interval, localTimeOf(from, interval.timeZone));
  const first = Math.floor(from.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const end = from.getTime() + horizonDays * DAY_MINUTES * MINUTE_MS;
  let hourStart = Number.NaN;
  let hourLocal: LocalTime | undefined;
  for (let at = first; at <= end; at += MINUTE_MS) {
    const startOfHour = Math.floor(at / HOUR_MS) * HOUR_MS;
    if (startOfHour !== hourStart || hourLocal === undefined) {
      hourStart = startOfHour;
      hourLocal = localTimeOf(new Date(startOfHour), interval.timeZone);
    }
    const minute = hourLocal.minute + (at - startOfHour) / MINUTE_MS;
    // Zones offset by :30 or :45 can pass local midnight within a UTC hour: ask the zone then.
    const local =
      minute < DAY_MINUTES ? { ...hourLocal, minute } : localTimeOf(new Date(at), interval.timeZone);
    if (holdsAt(interval, local) !== now) return new Date(at);
  }
  return null;
}
