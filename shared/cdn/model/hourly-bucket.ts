import { z } from 'zod';

/** Start of a UTC hour, written `YYYY-MM-DDTHH:00:00Z` (the form every source adapter returns). */
export const hourStartUtcSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/, 'expected the start of a UTC hour, YYYY-MM-DDTHH:00:00Z')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date');

/** Bytes a CDN delivered to end users in one UTC hour: what every usage source returns. */
export const hourlyBucketSchema = z.object({
  hourStartUtc: hourStartUtcSchema,
  bytes: z.number().nonnegative().finite(),
});

export type HourlyBucket = z.infer<typeof hourlyBucketSchema>;

/** Normalises any instant to the start of its UTC hour. */
export function hourStartUtcOf(instant: Date): string {
  const t = new Date(instant.getTime());
  t.setUTCMinutes(0, 0, 0);
  return `${t.toISOString().slice(0, 13)}:00:00Z`;
}
