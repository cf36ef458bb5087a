import { createHash } from 'node:crypto';
import type { HourlyBucket } from '../../shared/cdn/model/hourly-bucket';

export const HOUR_MS = 3_600_000;

/** Share of a JST hour's traffic against the daily peak: quiet before dawn, peak around 21:00. */
const JST_HOUR_SHAPE = [
  0.8, 0.62, 0.46, 0.36, 0.31, 0.3, 0.34, 0.44, 0.55, 0.6, 0.64, 0.68, 0.78, 0.74, 0.7, 0.7, 0.74, 0.8, 0.9,
  1.0, 1.08, 1.12, 1.06, 0.94,
];
const WEEKEND_FACTOR = 1.15;
const JST_OFFSET_MS = 9 * HOUR_MS;
/** Fastly keeps hourly stats this long; older hours are not served, which also bounds a request's work. */
const RETAINED_MS = 375 * 24 * HOUR_MS;

/** A number in [0, 1) fixed by its inputs, so the same seed always serves the same traffic. */
function unitHash(...parts: Array<string | number>): number {
  return createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0) / 2 ** 32;
}

/** `total` split into `parts` whole numbers that add up to it exactly (earlier parts take the remainder). */
export function splitEvenly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const remainder = total - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < remainder ? 1 : 0));
}

/** One finished hour of one service, zone or site. */
export interface TrafficHour {
  startMs: number;
  bytes: number;
}

/**
 * Hourly egress per key (a Fastly service id, a Cloudflare zone tag, a J-Stream site id). A key a test has
 * set traffic for serves exactly that; any other key serves a seeded diurnal and weekly pattern (20 to 200
 * GB an hour at peak, fixed per key, +-10% noise per hour).
 */
export class TrafficBook {
  private readonly set = new Map<string, Map<number, number>>();

  constructor(private readonly seed: string) {}

  /** Replaces the key's traffic with these hours (others then have no data). */
  setTraffic(key: string, hours: HourlyBucket[]): void {
    this.set.set(key, new Map(hours.map((h) => [Date.parse(h.hourStartUtc), h.bytes])));
  }

  /** Back to seeded traffic for every key. */
  clear(): void {
    this.set.clear();
  }

  /**
   * Hours of `key` starting in [hour of `fromMs`, `toMs`) that have ended by `nowMs`: providers report
   * nothing for a period that is still running.
   */
  finishedHours(key: string, fromMs: number, toMs: number, nowMs: number): TrafficHour[] {
    const firstMs = Math.floor(Math.max(fromMs, nowMs - RETAINED_MS) / HOUR_MS) * HOUR_MS;
    const endMs = Math.min(toMs, Math.floor(nowMs / HOUR_MS) * HOUR_MS);
    const fixed = this.set.get(key);
    const hours: TrafficHour[] = [];
    for (let startMs = firstMs; startMs < endMs; startMs += HOUR_MS) {
      const bytes = fixed === undefined ? this.seededBytes(key, startMs) : fixed.get(startMs);
      if (bytes !== undefined) hours.push({ startMs, bytes });
    }
    return hours;
  }

  private seededBytes(key: string, startMs: number): number {
    const peak = 20e9 * (1 + 9 * unitHash(this.seed, key));
    const jst = new Date(startMs + JST_OFFSET_MS);
    const shape = JST_HOUR_SHAPE[jst.getUTCHours()] ?? 1;
    const weekday = jst.getUTCDay();
    const week = weekday === 0 || weekday === 6 ? WEEKEND_FACTOR : 1;
    const noise = 0.9 + 0.2 * unitHash(this.seed, key, startMs);
    return Math.round(peak * shape * week * noise);
  }
}
