import { alignColumns, displayWidth } from '../shared/kernel/text/text-width';

/** Left-aligned columns two spaces apart, a header row, no trailing spaces; `(none)` when empty. */
export const textTable = (headers: readonly string[], rows: readonly (readonly string[])[]): string =>
  rows.length === 0 ? '(none)' : alignColumns(headers, rows, { rule: false });

/** `key: value` lines, keys aligned, for one record. */
export function textFields(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...fields.map(([key]) => displayWidth(key)));
  return fields
    .map(([key, value]) => `${key}:${' '.repeat(width - displayWidth(key) + 1)}${value}`)
    .join('\n');
}
