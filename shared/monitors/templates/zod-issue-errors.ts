import type { z } from 'zod';
import type { TemplateError, YamlPath } from './template-error';
import { kindOf } from './value-kind';
import { errorAt, type YamlSource } from './yaml-source';

type Issue = z.core.$ZodIssue;

export interface IssueHints {
  /** A better word than "unknown key" for some keys (a downtime's host scope). */
  unknownKey?: (key: string) => string | undefined;
  /** Appended to a message, per issue (the memo's length counts our marker). */
  note?: (issue: Issue) => string | undefined;
}

/** What a bound counts: `at most 10`, `at most 250 characters`. */
const UNITS: Record<string, string> = { string: ' characters', array: ' items' };

/** The size zod compared: a number itself, a text's or list's length. */
const sizeOf = (input: unknown): string | null => {
  if (typeof input === 'number') return String(input);
  return typeof input === 'string' || Array.isArray(input) ? String(input.length) : null;
};

function boundMessage(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const big = issue.code === 'too_big';
  const limit = big ? issue.maximum : issue.minimum;
  const words = issue.inclusive === false ? (big ? 'less than' : 'more than') : big ? 'at most' : 'at least';
  const size = sizeOf(issue.input);
  const unit = (UNITS[issue.origin] ?? '').replace(/s$/, Number(limit) === 1 ? '' : 's');
  return `expected ${words} ${limit}${unit}${size === null ? '' : `, got ${size}`}`;
}

/** zod's type words in the file's terms (kindOf's): YAML has maps and lists. */
const EXPECTED: Record<string, string> = { array: 'list', object: 'map', record: 'map', int: 'integer' };

function messageOf(issue: Issue): string {
  if (issue.code === 'too_big' || issue.code === 'too_small') return boundMessage(issue);
  if (issue.code === 'invalid_type') {
    return issue.input === undefined
      ? `required (${EXPECTED[issue.expected] ?? issue.expected})`
      : `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${kindOf(issue.input)}`;
  }
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined && 'options' in issue) {
    return `expected one of ${(issue.options ?? []).join(', ')}`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}

/**
 * Each zod issue as an error at `base` + the issue's path, with the line of that node. An unknown key is
 * one error per key, at the key, so the line is the misspelt one.
 */
export function issueErrors(
  source: YamlSource,
  base: YamlPath,
  error: z.ZodError,
  hints: IssueHints = {},
): TemplateError[] {
  return error.issues.flatMap((issue) => {
    const path = [...base, ...issue.path.filter((key) => typeof key !== 'symbol')];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) =>
        errorAt(source, [...path, key], hints.unknownKey?.(key) ?? 'unknown key'),
      );
    }
    const note = hints.note?.(issue);
    return [errorAt(source, path, note ? `${messageOf(issue)} ${note}` : messageOf(issue))];
  });
}
