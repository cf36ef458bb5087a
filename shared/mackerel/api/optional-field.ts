import type { z } from 'zod';

/**
 * An optional REST API key. Mackerel leaves unset keys out, but a null must not fail a whole org's audit:
 * absent and null both read as undefined, so consumers test one thing.
 */
export function optionalField<T extends z.ZodType>(schema: T) {
  return schema
    .nullish()
    .transform((value) => value ?? undefined)
    .optional();
}
