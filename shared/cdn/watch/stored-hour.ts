import { z } from 'zod';
import { HOUR_MS } from '../../kernel/time/jst-calendar';
import { type HourlyBucket, hourlyBucketSchema } from '../model/hourly-bucket';

/** One hour of a contract's history as stored (cdnContracts/{id}/hours/{hourStartUtc}). */
export const storedHourSchema = hourlyBucketSchema.extend({
  /** When this value was fetched (or imported). */
  fetchedAt: z.iso.datetime({ offset: true }),
  /** The source's lag had not passed after the hour ended when it was fetched: it may still grow. */
  provisional: z.boolean(),
});

export type StoredHour = z.infer<typeof storedHourSchema>;

/** Buckets as stored at `fetchedAt`, each marked provisional while younger than the source's lag. */
export function storedHoursOf(
  buckets: readonly HourlyBucket[],
  fetchedAt: Date,
  lagMinutes: number,
): StoredHour[] {
  const finalBeforeMs = fetchedAt.getTime() - lagMinutes * 60_000;
  return buckets.map((bucket) => ({
    hourStartUtc: bucket.hourStartUtc,
    bytes: bucket.bytes,
    fetchedAt: fetchedAt.toISOString(),
    provisional: Date.parse(bucket.hourStartUtc) + HOUR_MS > finalBeforeMs,
  }));
}
