import { type HourlyBucket, hourStartUtcOf } from '../model/hourly-bucket';
import type { UsageRange } from './usage-source';

/** Bytes a source reported for a period starting at `start` (a minute, five minutes, an hour). */
export interface UsageSample {
  start: Date;
  bytes: number;
}

const HOUR_MS = 3_600_000;

/** The range widened back to the start of the hour holding `from`, so that hour is asked for whole. */
export function fromHourStart(range: UsageRange): UsageRange {
  return { from: new Date(Math.floor(range.from.getTime() / HOUR_MS) * HOUR_MS), to: range.to };
}

/**
 * Sums samples into the UTC hour each starts in, sorted by hour. Hours the source reported with zero bytes
 * stay (a reported zero is data; a missing hour is not). With a range, only hours starting in it are kept,
 * counting the hour that holds `from`.
 */
export function rollUpHourly(samples: Iterable<UsageSample>, range?: UsageRange): HourlyBucket[] {
  const firstHourMs = range === undefined ? -Infinity : fromHourStart(range).from.getTime();
  const endMs = range === undefined ? Infinity : range.to.getTime();
  const sums = new Map<string, number>();
  for (const sample of samples) {
    const startMs = sample.start.getTime();
    if (startMs < firstHourMs || startMs >= endMs) continue;
    const hour = hourStartUtcOf(sample.start);
    sums.set(hour, (sums.get(hour) ?? 0) + sample.bytes);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([hourStartUtc, bytes]) => ({ hourStartUtc, bytes }));
}

/**
 * Cuts a range into consecutive pieces of at most `maxHours` hours, for providers that cap how much one
 * query may cover. The first piece starts at the hour holding `from`.
 */
export function splitRange(range: UsageRange, maxHours: number): UsageRange[] {
  const pieces: UsageRange[] = [];
  const endMs = range.to.getTime();
  let fromMs = fromHourStart(range).from.getTime();
  while (fromMs < endMs) {
    const toMs = Math.min(endMs, fromMs + maxHours * HOUR_MS);
    pieces.push({ from: new Date(fromMs), to: new Date(toMs) });
    fromMs = toMs;
  }
  return pieces;
}
