import { z } from 'zod';

/**
 * Zones a timestamp without an offset may be written in. Both have no daylight saving (JST is UTC+9 all
 * year), so a fixed offset is exact.
 */
const OFFSET_MINUTES = { UTC: 0, 'Asia/Tokyo': 540 } as const;
export const naiveTimeZoneSchema = z.enum(['UTC', 'Asia/Tokyo']);
export type NaiveTimeZone = z.infer<typeof naiveTimeZoneSchema>;

export const epochOrIsoSchema = z.enum(['iso', 'epoch-s', 'epoch-ms']);
/** How an instant is written: ISO 8601 (or a naive date-time), or epoch seconds / milliseconds. */
export type EpochOrIso = z.infer<typeof epochOrIsoSchema>;

// `2025-04-01 09:30`, `2025/04/01 09:30:00`, `2025-04-01T09:30:00.000` (console exports use either separator).
const NAIVE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;
const ZONED = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/i;

/** An instant from ISO 8601 with Z or an offset, or a naive date-time read in `naiveZone`; else undefined. */
export function parseTimestamp(text: string, naiveZone: NaiveTimeZone): Date | undefined {
  const trimmed = text.trim();
  const zoned = ZONED.exec(trimmed);
  if (zoned) {
    const [, date, time, zone = 'Z'] = zoned;
    const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    const ms = Date.parse(`${date}T${time}${offset}`);
    return Number.isNaN(ms) ? undefined : new Date(ms);
  }
  const naive = NAIVE.exec(trimmed);
  if (!naive) return undefined;
  const [year, month, day, hour, minute, second] = naive.slice(1, 7).map((part) => Number(part ?? 0));
  const millis = Number((naive[7] ?? '').padEnd(3, '0'));
  if (year === undefined || month === undefined || day === undefined || hour === undefined) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 2025-02-30 over into March and 24:00 into the next day: reject what does not round-trip.
  const check = new Date(ms);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;
  if (hour > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59) return undefined;
  return new Date(ms - OFFSET_MINUTES[naiveZone] * 60_000);
}

/** An instant from an epoch number (or its decimal string); undefined for anything else. */
export function parseEpoch(value: unknown, format: 'epoch-s' | 'epoch-ms'): Date | undefined {
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return undefined;
  return new Date(format === 'epoch-s' ? n * 1000 : n);
}

/** Writes an instant the way a provider expects it in a query string. */
export function formatInstant(instant: Date, format: EpochOrIso): string {
  if (format === 'epoch-s') return String(Math.floor(instant.getTime() / 1000));
  if (format === 'epoch-ms') return String(instant.getTime());
  return instant.toISOString().replace('.000Z', 'Z');
}
