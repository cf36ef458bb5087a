import type { z } from 'zod';

export type QueryParse<T> = { ok: true; data: T } | { ok: false; problems: string[] };

/**
 * A page's query string through its schema. Unknown parameters are refused too: a misspelt filter that
 * silently shows everything is worse than a 400 that names it.
 */
export function parseQuery<S extends z.ZodObject>(
  schema: S,
  query: Record<string, string>,
): QueryParse<z.infer<S>> {
  const known = Object.keys(schema.shape);
  const unknown = Object.keys(query).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    return {
      ok: false,
      problems: unknown.map(
        (key) => `parameter "${key}": unknown (this page takes ${known.join(', ') || 'none'})`,
      ),
    };
  }
  // An empty field in a submitted filter form means "any".
  const given = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(given);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => `parameter "${issue.path.join('.')}": ${issue.message}`),
  };
}
