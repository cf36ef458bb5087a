import { feedValueToBytes } from '../model/byte-unit';
import type { HourlyBucket } from '../model/hourly-bucket';
import { readDotPath } from './dot-path';
import { formatInstant, parseEpoch, parseTimestamp } from './parse-timestamp';
import { fromHourStart, rollUpHourly, type UsageSample } from './roll-up-hourly';
import { type UsageRange, UsageSourceError } from './usage-source';
import type { HttpJsonSourceConfig } from './usage-source-config';

type Mapping = Pick<
  HttpJsonSourceConfig,
  'itemsPath' | 'timestampField' | 'timestampFormat' | 'timestampTimeZone' | 'bytesField' | 'valueUnit'
>;

export const HTTP_JSON_SOURCE = 'HTTP JSON source';

/** The request URL: the template with `{from}` (start of the hour holding `from`) and `{to}` filled in. */
export function httpJsonUrl(
  config: Pick<HttpJsonSourceConfig, 'urlTemplate' | 'queryTimeFormat'>,
  range: UsageRange,
): string {
  const { from, to } = fromHourStart(range);
  const fill = (instant: Date) => encodeURIComponent(formatInstant(instant, config.queryTimeFormat));
  return config.urlTemplate.replaceAll('{from}', fill(from)).replaceAll('{to}', fill(to));
}

const FORMAT_NAMES: Record<HttpJsonSourceConfig['timestampFormat'], string> = {
  iso: 'an ISO 8601 date and time',
  'epoch-s': 'epoch seconds',
  'epoch-ms': 'epoch milliseconds',
};

/** A value as it may be quoted in an error: short, and never a whole object. */
function describe(raw: unknown): string {
  if (raw === undefined) return 'missing';
  if (typeof raw === 'object' && raw !== null) return Array.isArray(raw) ? 'an array' : 'an object';
  const text = JSON.stringify(raw);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function badItem(index: number, detail: string): UsageSourceError {
  return new UsageSourceError('bad-response', `${HTTP_JSON_SOURCE}: item ${index}: ${detail}`);
}

function itemStart(item: unknown, index: number, mapping: Mapping): Date {
  const raw = readDotPath(item, mapping.timestampField);
  const start =
    mapping.timestampFormat === 'iso'
      ? typeof raw === 'string'
        ? parseTimestamp(raw, mapping.timestampTimeZone)
        : undefined
      : parseEpoch(raw, mapping.timestampFormat);
  if (start === undefined) {
    throw badItem(
      index,
      `${mapping.timestampField} is ${describe(raw)}, not ${FORMAT_NAMES[mapping.timestampFormat]}`,
    );
  }
  return start;
}

function itemBytes(item: unknown, index: number, mapping: Mapping): number {
  const raw = readDotPath(item, mapping.bytesField);
  // Some APIs write 64-bit counters as strings (Google's int64Value): accept decimal strings too.
  const value = typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw badItem(index, `${mapping.bytesField} is ${describe(raw)}, not a non-negative number`);
  }
  return feedValueToBytes(value, mapping.valueUnit);
}

/**
 * Reads the configured items out of a parsed JSON body into UTC hours within the range, finer items summed
 * into their hour. A body that does not have the configured shape is a `bad-response` UsageSourceError.
 */
export function mapHttpJsonBody(body: unknown, mapping: Mapping, range: UsageRange): HourlyBucket[] {
  const items = readDotPath(body, mapping.itemsPath);
  if (!Array.isArray(items)) {
    const where = mapping.itemsPath === '' ? 'the body' : mapping.itemsPath;
    throw new UsageSourceError('bad-response', `${HTTP_JSON_SOURCE}: ${where} is not an array`);
  }
  const samples: UsageSample[] = items.map((item: unknown, index) => ({
    start: itemStart(item, index, mapping),
    bytes: itemBytes(item, index, mapping),
  }));
  return rollUpHourly(samples, range);
}
