import { z } from 'zod';

/** Reusable field schemas for webhook bodies. Placeholder text such as "22D4..." is valid: only shape is checked. */
export const orgNameSchema = z.string().min(1);

/**
 * Ids and event names. Event names and alert ids travel on as Pub/Sub attributes, whose values are
 * capped at 1024 bytes; real ones are about a dozen characters.
 */
export const identifierSchema = z.string().min(1).max(200);

export const epochSecondsSchema = z.number();

/** Metric values and thresholds: int or float, absent on manual close and for some monitor types. */
export const optionalMetricNumberSchema = z.number().nullable().optional();
