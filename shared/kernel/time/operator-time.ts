import { z } from 'zod';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const instantSchema = z.iso.datetime({ offset: true });

/**
 * A time as operators type it: `now`; `+90m`, `+2h`, `+1d` after `relativeTo`; or an ISO instant with an
 * offset (`2026-01-10T02:00+09:00` or `...Z`), kept as written. A time without an offset is refused: it
 * would be read in whatever zone the machine has. Returns ISO text, or throws with a message for the flag.
 */
export function resolveTime(text: string, now: Date, relativeTo: Date = now): string {
  const value = text.trim();
  if (value === 'now') return now.toISOString();
  const relative = /^\+(\d{1,6})([mhd])$/.exec(value);
  if (relative) {
    const [, amount = '0', unit = 'm'] = relative;
    return new Date(
      relativeTo.getTime() + Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS],
    ).toISOString();
  }
  if (instantSchema.safeParse(value).success) return value;
  throw new Error('expected now, +<n>m|h|d, or an ISO time with an offset (2026-01-10T02:00:00+09:00)');
}
