import { z } from 'zod';

/**
 * Host and monitor name globs: `*` any run of characters, `?` exactly one, `\` makes the next character
 * literal (monitor names are free text and may contain `*` or `?`). Case-sensitive and anchored at both
 * ends, like Mackerel's own names. Matched without regular expressions, so a pattern cannot inject regex
 * syntax, and in O(pattern x text) time at worst, so no pattern backtracks catastrophically.
 */
type GlobToken = { kind: 'literal'; char: string } | { kind: 'one' } | { kind: 'any' };

/** Far longer than any host or monitor name pattern, and it bounds the worst-case match cost. */
const MAX_GLOB_LENGTH = 256;

/** Code points, not UTF-16 units: `?` must match one Japanese or emoji character whole. */
function tokenize(pattern: string): GlobToken[] | undefined {
  const chars = Array.from(pattern);
  const tokens: GlobToken[] = [];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    if (char === '\\') {
      const escaped = chars[++i];
      if (escaped === undefined) return undefined;
      tokens.push({ kind: 'literal', char: escaped });
    } else if (char === '*') {
      // Runs of stars mean the same as one; collapsing them keeps the matcher's backtracking linear.
      if (tokens.at(-1)?.kind !== 'any') tokens.push({ kind: 'any' });
    } else if (char === '?') {
      tokens.push({ kind: 'one' });
    } else if (char !== undefined) {
      tokens.push({ kind: 'literal', char });
    }
  }
  return tokens;
}

export const globSchema = z
  .string()
  .min(1)
  .max(MAX_GLOB_LENGTH)
  .refine((pattern) => tokenize(pattern) !== undefined, 'a glob must not end with a lone backslash');

/**
 * Greedy match that remembers only the latest `*`: when a later literal fails, that star absorbs one more
 * character and matching resumes. Earlier stars never need revisiting, hence no exponential blow-up.
 */
export function globMatches(pattern: string, text: string): boolean {
  const tokens = tokenize(pattern);
  if (tokens === undefined) return false;
  const chars = Array.from(text);
  let t = 0;
  let c = 0;
  let starToken = -1;
  let starChar = 0;
  while (c < chars.length) {
    const token = tokens[t];
    if (token?.kind === 'one' || (token?.kind === 'literal' && token.char === chars[c])) {
      t++;
      c++;
    } else if (token?.kind === 'any') {
      starToken = t++;
      starChar = c;
    } else if (starToken >= 0) {
      t = starToken + 1;
      c = ++starChar;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'any') t++;
  return t === tokens.length;
}
