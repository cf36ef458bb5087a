/**
 * Wall-clock time in an IANA zone, from Intl's time zone data (no fixed offsets, so DST zones work).
 * A wall-clock reading is encoded as the epoch milliseconds of the same fields read as UTC, which lets
 * calendar arithmetic use Date.UTC.
 */

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading in `timeZone` at `instant` (epoch ms). */
export function wallClockAt(instant: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number => {
    const value = parts.find((p) => p.type === type)?.value;
    if (value === undefined) throw new Error(`Intl gave no ${type} for ${timeZone}`);
    return Number(value);
  };
  const millis = ((instant % 1000) + 1000) % 1000;
  return (
    Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) +
    millis
  );
}

/**
 * The instants at which `timeZone` reads `wall`, earliest first: usually one, two when clocks go back,
 * none when clocks skip it. Offsets a day either side bracket any single transition.
 */
export function instantsAt(wall: number, timeZone: string): number[] {
  const offsetAt = (instant: number) => wallClockAt(instant, timeZone) - instant;
  const offsets = new Set([offsetAt(wall - DAY_MS), offsetAt(wall + DAY_MS)]);
  return [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => wallClockAt(instant, timeZone) === wall)
    .sort((a, b) => a - b);
}
