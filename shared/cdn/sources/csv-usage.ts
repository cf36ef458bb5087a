import { feedValueToBytes } from '../model/byte-unit';
import type { HourlyBucket } from '../model/hourly-bucket';
import { CsvSyntaxError, csvRecords } from './csv-records';
import { parseTimestamp } from './parse-timestamp';
import { rollUpHourly, type UsageSample } from './roll-up-hourly';
import type { CsvMapping } from './usage-source-config';

/** The file cannot be imported; the message names the line and, when one is at fault, the column. */
export class CsvUsageError extends Error {
  override name = 'CsvUsageError';
  constructor(
    readonly line: number,
    readonly column: { index: number; name: string } | undefined,
    detail: string,
  ) {
    super(
      column === undefined
        ? `line ${line}: ${detail}`
        : `line ${line}, column ${column.index + 1} (${column.name}): ${detail}`,
    );
  }
}

// Plain decimals and exponents, or thousands separators as spreadsheets write them ("1,234,567").
const PLAIN_NUMBER = /^\d+(\.\d+)?([eE][+-]?\d+)?$/;
const GROUPED_NUMBER = /^\d{1,3}(,\d{3})+(\.\d+)?$/;

function parseAmount(text: string): number | undefined {
  const trimmed = text.trim();
  if (PLAIN_NUMBER.test(trimmed)) return Number(trimmed);
  if (GROUPED_NUMBER.test(trimmed)) return Number(trimmed.replaceAll(',', ''));
  return undefined;
}

function columnIndex(header: string[], name: string, line: number): { index: number; name: string } {
  const index = header.indexOf(name);
  if (index < 0) {
    throw new CsvUsageError(line, undefined, `no column "${name}"; the header has ${header.join(', ')}`);
  }
  return { index, name };
}

/**
 * Reads transfer volume from CSV (a console export, or raw logs rolled up) into UTC hours. The first
 * record is the header; each row is one period starting at its timestamp, hourly or finer, and finer rows
 * are summed into their hour. Throws CsvUsageError at the first bad line.
 */
export function parseUsageCsv(text: string, mapping: CsvMapping): HourlyBucket[] {
  let records: ReturnType<typeof csvRecords>;
  try {
    records = csvRecords(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new CsvUsageError(error.line, undefined, error.message);
    throw error;
  }
  const [headerRecord, ...rows] = records;
  if (headerRecord === undefined) throw new CsvUsageError(1, undefined, 'the file is empty (no header)');
  const header = headerRecord.fields.map((name) => name.trim());
  const timestampColumn = columnIndex(header, mapping.timestampColumn, headerRecord.line);
  const bytesColumn = columnIndex(header, mapping.bytesColumn, headerRecord.line);

  const samples: UsageSample[] = rows.map(({ line, fields }) => {
    const rawTime = fields[timestampColumn.index];
    const rawBytes = fields[bytesColumn.index];
    if (rawTime === undefined) throw new CsvUsageError(line, timestampColumn, 'missing (row too short)');
    if (rawBytes === undefined) throw new CsvUsageError(line, bytesColumn, 'missing (row too short)');
    const start = parseTimestamp(rawTime, mapping.timeZone);
    if (start === undefined) {
      throw new CsvUsageError(
        line,
        timestampColumn,
        `"${rawTime}" is not a date and time (expected 2025-04-01 09:00 or 2025-04-01T00:00:00Z)`,
      );
    }
    const amount = parseAmount(rawBytes);
    if (amount === undefined) {
      throw new CsvUsageError(line, bytesColumn, `"${rawBytes}" is not a non-negative number`);
    }
    return { start, bytes: feedValueToBytes(amount, mapping.unit) };
  });
  return rollUpHourly(samples);
}
