import { z } from 'zod';

/** Reusable environment-variable field parsers; env values are always strings. */

/** Decimal digits only: z.coerce.number() would read an empty (or blank) variable as 0. */
export const envInt = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const envBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const envList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

/** host:port, as FIRESTORE_EMULATOR_HOST and PUBSUB_EMULATOR_HOST are written. */
export const hostPort = z.string().regex(/^[\w.-]+:\d{1,5}$/, 'expected host:port');

export const gcpProject = z
  .string()
  .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'expected a Google Cloud project id');
