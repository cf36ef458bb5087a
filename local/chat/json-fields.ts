/**
 * Reading fields of JSON nobody has validated (refused requests are shown too): each helper answers
 * a safe empty value for anything of the wrong shape instead of throwing.
 */

export type JsonRecord = Readonly<Record<string, unknown>>;

export const asRecord = (value: unknown): JsonRecord | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;

export const asString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** Strings, and numbers and booleans as text. */
export const asText = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;

export const asArray = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/** The objects of an array, anything else in it skipped. */
export const asRecords = (value: unknown): JsonRecord[] =>
  asArray(value).flatMap((item) => {
    const record = asRecord(item);
    return record === undefined ? [] : [record];
  });

/** Length in characters (code points), as the services count, not UTF-16 units. */
export const charLength = (text: string): number => Array.from(text).length;
