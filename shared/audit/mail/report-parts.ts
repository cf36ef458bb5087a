import type { FindingSeverity } from '../findings/finding';

/** A mail stays readable: rows past this are counted in a last "and N more" row. */
export const MAX_TABLE_ROWS = 50;

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
