import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvUsageError, parseUsageCsv } from '../../../../shared/cdn/sources/csv-usage';
import { csvMappingSchema } from '../../../../shared/cdn/sources/usage-source-config';

const defaults = csvMappingSchema.parse({});

function csvError(text: string, mapping = defaults): CsvUsageError {
  try {
    parseUsageCsv(text, mapping);
  } catch (error) {
    assert.ok(error instanceof CsvUsageError, `expected CsvUsageError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the CSV to be rejected');
}

describe('parseUsageCsv', () => {
  it('reads the default header into sorted hourly buckets, zero-byte hours kept', () => {
    const text = [
      'hour_start_utc,bytes',
      '2025-04-01T01:00:00Z,200',
      '2025-04-01T00:00:00Z,100',
      '2025-04-01T02:00:00Z,0',
    ].join('\n');
    assert.deepEqual(parseUsageCsv(text, defaults), [
      { hourStartUtc: '2025-04-01T00:00:00Z', bytes: 100 },
      { hourStartUtc: '2025-04-01T01:00:00Z', bytes: 200 },
      { hourStartUtc: '2025-04-01T02:00:00Z', bytes: 0 },
    ]);
  });

  it('returns no buckets for a header without rows', () => {
    assert.deepEqual(parseUsageCsv('hour_start_utc,bytes\r\n', defaults), []);
  });

  it('converts the bytes column from its unit: decimal and binary differ', () => {
    const text = 'hour_start_utc,bytes\n2025-04-01T00:00:00Z,1.5\n';
    const gb = parseUsageCsv(text, csvMappingSchema.parse({ unit: 'GB' }));
    const gib = parseUsageCsv(text, csvMappingSchema.parse({ unit: 'GiB' }));
    const kb = parseUsageCsv(text, csvMappingSchema.parse({ unit: 'KB' }));
    assert.equal(gb[0]?.bytes, 1_500_000_000);
    assert.equal(gib[0]?.bytes, 1_610_612_736);
    assert.equal(kb[0]?.bytes, 1500);
  });

  it('reads naive timestamps in JST as UTC+9 and sums finer rows into their UTC hour', () => {
    const mapping = csvMappingSchema.parse({
      timestampColumn: '時刻',
      bytesColumn: 'MB',
      unit: 'MB',
      timeZone: 'Asia/Tokyo',
    });
    const text = [
      '\uFEFF"時刻","MB",memo',
      '2025/04/01 00:00,1,a',
      '2025/04/01 00:30,2,"b, with comma"',
      '2025/04/01 00:55:00,"1,000",c',
      '2025-04-01 09:05,4,d',
    ].join('\r\n');
    assert.deepEqual(parseUsageCsv(text, mapping), [
      // 00:xx JST on 1 April is 15:xx UTC on 31 March.
      { hourStartUtc: '2025-03-31T15:00:00Z', bytes: 1_003_000_000 },
      { hourStartUtc: '2025-04-01T00:00:00Z', bytes: 4_000_000 },
    ]);
  });

  it('honours an explicit offset whatever the configured zone', () => {
    const mapping = csvMappingSchema.parse({ timeZone: 'Asia/Tokyo' });
    const text = 'hour_start_utc,bytes\n2025-04-01T09:00:00+09:00,5\n2025-04-01T00:00:00Z,6\n';
    assert.deepEqual(parseUsageCsv(text, mapping), [{ hourStartUtc: '2025-04-01T00:00:00Z', bytes: 11 }]);
  });

  it('names the line and column of a bad number', () => {
    const error = csvError('hour_start_utc,bytes\n2025-04-01T00:00:00Z,1\n2025-04-01T01:00:00Z,-5\n');
    assert.equal(error.line, 3);
    assert.equal(error.column?.name, 'bytes');
    assert.match(error.message, /^line 3, column 2 \(bytes\): "-5" is not a non-negative number$/);
  });

  it('names the line and column of a bad timestamp, counting lines inside quoted fields', () => {
    const text = 'note,hour_start_utc,bytes\n"two\nlines",2025-04-01T00:00:00Z,1\nx,2025-02-30 10:00,1\n';
    const error = csvError(text);
    assert.equal(error.line, 4);
    assert.match(error.message, /^line 4, column 2 \(hour_start_utc\): "2025-02-30 10:00" is not a date/);
  });

  it('rejects a row too short for the bytes column', () => {
    assert.match(
      csvError('hour_start_utc,bytes\n2025-04-01T00:00:00Z\n').message,
      /^line 2, column 2 \(bytes\): missing/,
    );
  });

  it('names a missing column and lists the header it found', () => {
    const error = csvError('time,bytes\n2025-04-01T00:00:00Z,1\n');
    assert.equal(error.line, 1);
    assert.match(error.message, /no column "hour_start_utc"; the header has time, bytes/);
  });

  it('reports an unclosed quote at the line where the record starts', () => {
    const error = csvError('hour_start_utc,bytes\n2025-04-01T00:00:00Z,1\n"2025-04-01T01:00:00Z,2\n');
    assert.match(error.message, /^line 3: .*never closed/);
  });

  it('rejects an empty file', () => {
    assert.match(csvError('').message, /empty/);
  });
});
