import { InvalidArgumentError } from 'commander';
import type { z } from 'zod';

/** A commander argument parser from a schema: a bad value stops parsing with the schema's message. */
export function parsedBy<T>(schema: z.ZodType<T>) {
  return (value: string): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]?.message ?? 'invalid value');
    return parsed.data;
  };
}

/** A repeatable option, each value checked by `schema`: `--contact a --contact b`. */
export function repeatable<T>(schema: z.ZodType<T>) {
  const parse = parsedBy(schema);
  return (value: string, previous: T[] | undefined): T[] => [...(previous ?? []), parse(value)];
}

/**
 * A repeatable option whose values may also be comma-separated (`--to a@x --to b@x`, `--to a@x,b@x`),
 * each checked by `schema`. For values that never contain commas: addresses, CIDRs, service and role names.
 */
export function listOf<T>(schema: z.ZodType<T>) {
  const add = repeatable(schema);
  return (value: string, previous: T[] | undefined): T[] =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .reduce((list, part) => add(part, list), previous ?? []);
}
