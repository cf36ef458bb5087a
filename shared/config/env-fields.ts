import { z } from 'zod';

/** Reusable environment-variable field parsers; env values are always strings. */
export const envInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

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
