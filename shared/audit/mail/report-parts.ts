import type { FindingSeverity } from '../findings/finding';

/** The report schema's limit; mail clients cut far sooner, so the end of a long subject is sacrificed. */
const MAX_SUBJECT = 300;
/** A mail stays readable: rows past this are counted in a last "and N more" row. */
export const MAX_TABLE_ROWS = 50;

/** `[CRITICAL] <text>`, cut to the limit at a character boundary. */
export function subjectLine(tag: string, text: string): string {
  const full = `[${tag}] ${text}`;
  if (full.length <= MAX_SUBJECT) return full;
  let cut = '';
  for (const char of full) {
    if (cut.length + char.length > MAX_SUBJECT - 1) break;
    cut += char;
  }
  return `${cut}…`;
}

/** At most `max` rows; the rest become one row that counts them (its other cells empty). */
export function capRows(
  rows: string[][],
  columns: number,
  more: (count: number) => string,
  max = MAX_TABLE_ROWS,
): string[][] {
  if (rows.length <= max) return rows;
  const filler = Array.from({ length: columns - 1 }, () => '');
  return [...rows.slice(0, max), [more(rows.length - max), ...filler]];
}

/** Untranslated, as in alert mail: `CRITICAL`, `WARNING`, `INFO`. */
export const severityTag = (severity: FindingSeverity): string => severity.toUpperCase();
