import { z } from 'zod';

/** Reusable field schemas for webhook bodies. Placeholder text such as "22D4..." is valid: only shape is checked. */
export const orgNameSchema = z.string().min(1);

/**
 * Ids and event names. Event names and alert ids travel on as Pub/Sub attributes, whose values are
 * capped at 1024 bytes; real ones are about a dozen characters.
 */
export const identifierSchema = z.string().min(1).max(200);

/** Epoch seconds a webhook time can plausibly hold: from 1970 up to (not including) 2100-01-01. */
export const LATEST_EPOCH_SECONDS = 4_102_444_800;
export const isPlausibleEpochSeconds = (t: number): boolean =>
  Number.isFinite(t) && t >= 0 && t < LATEST_EPOCH_SECONDS;

/**
 * A time as Mackerel sends it (epoch seconds). A number no clock would send (negative, 1e13, 1e400 which
 * JSON reads as Infinity) is accepted, kept in the raw body, and read as unknown (undefined): one bad
 * field must not reject an alert, poison a digest or break a mail. Readers fall back to the receive time.
 */
export const epochSecondsSchema = z
  // Intake reads 1e400 as Infinity, which JSON carries on to the router as null: both mean unknown.
  .preprocess((v) => (v === null || (typeof v === 'number' && !Number.isFinite(v)) ? -1 : v), z.number())
  .transform((t) => (isPlausibleEpochSeconds(t) ? t : undefined));

/** Metric values and thresholds: int or float, absent on manual close and for some monitor types. */
export const optionalMetricNumberSchema = z.number().nullable().optional();
