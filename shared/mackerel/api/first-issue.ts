import type { z } from 'zod';

/** The first failed check, with its dotted field path (`hosts.1.name`), for a one-line error message. */
export function firstIssue(error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0];
  return { path: issue?.path.map(String).join('.') || '(root)', message: issue?.message ?? 'invalid' };
}
