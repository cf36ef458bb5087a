import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpJsonUrl, mapHttpJsonBody } from '../../../../shared/cdn/sources/http-json-mapping';
import { UsageSourceError } from '../../../../shared/cdn/sources/usage-source';
import { httpJsonSourceSchema } from '../../../../shared/cdn/sources/usage-source-config';

const range = { from: new Date('2025-04-01T00:20:00Z'), to: new Date('2025-04-01T03:00:00Z') };

function config(overrides: Record<string, unknown>) {
  return httpJsonSourceSchema.parse({
    kind: 'http-json',
    urlTemplate: 'https://cdn.example/traffic?from={from}&to={to}',
    tokenSecret: 'cdn-token',
    timestampField: 't',
    bytesField: 'b',
    ...overrides,
  });
}

function mappingError(body: unknown, overrides: Record<string, unknown>): UsageSourceError {
  try {
    mapHttpJsonBody(body, config(overrides), range);
  } catch (error) {
    assert.ok(error instanceof UsageSourceError);
    return error;
  }
  assert.fail('expected the body to be rejected');
}

describe('httpJsonUrl', () => {
  it('fills {from} (start of its hour) and {to} in ISO, URL-encoded', () => {
    assert.equal(
      httpJsonUrl(config({}), range),
      'https://cdn.example/traffic?from=2025-04-01T00%3A00%3A00Z&to=2025-04-01T03%3A00%3A00Z',
    );
  });

  it('writes epoch seconds and milliseconds', () => {
    const template = 'https://cdn.example/t/{from}/{to}';
    assert.equal(
      httpJsonUrl(config({ urlTemplate: template, queryTimeFormat: 'epoch-s' }), range),
      'https://cdn.example/t/1743465600/1743476400',
    );
    assert.equal(
      httpJsonUrl(config({ urlTemplate: template, queryTimeFormat: 'epoch-ms' }), range),
      'https://cdn.example/t/1743465600000/1743476400000',
    );
  });

  it('rejects a template without both placeholders', () => {
    assert.equal(
      httpJsonSourceSchema.safeParse({ ...config({}), urlTemplate: 'https://x/?from={from}' }).success,
      false,
    );
  });
});

describe('mapHttpJsonBody', () => {
  it('reads nested items by dot paths, converts the unit and sums into UTC hours inside the range', () => {
    const body = {
      result: {
        series: [
          { at: { start: '2025-04-01T00:00:00Z' }, v: { kb: 1.5 } },
          { at: { start: '2025-04-01T00:30:00Z' }, v: { kb: 2 } },
          { at: { start: '2025-04-01T02:00:00Z' }, v: { kb: '0' } },
          // Outside [hour of from, to): dropped.
          { at: { start: '2025-04-01T03:00:00Z' }, v: { kb: 9 } },
          { at: { start: '2025-03-31T23:55:00Z' }, v: { kb: 9 } },
        ],
      },
    };
    const mapping = config({
      itemsPath: 'result.series',
      timestampField: 'at.start',
      bytesField: 'v.kb',
      valueUnit: 'KB',
    });
    assert.deepEqual(mapHttpJsonBody(body, mapping, range), [
      { hourStartUtc: '2025-04-01T00:00:00Z', bytes: 3500 },
      { hourStartUtc: '2025-04-01T02:00:00Z', bytes: 0 },
    ]);
  });

  it('reads a top-level array, epoch seconds and epoch milliseconds', () => {
    const seconds = [{ t: 1743469200, b: 10 }];
    const millis = [{ t: 1743469200000, b: 10 }];
    const expected = [{ hourStartUtc: '2025-04-01T01:00:00Z', bytes: 10 }];
    assert.deepEqual(mapHttpJsonBody(seconds, config({ timestampFormat: 'epoch-s' }), range), expected);
    assert.deepEqual(mapHttpJsonBody(millis, config({ timestampFormat: 'epoch-ms' }), range), expected);
  });

  it('reads naive strings in the configured zone', () => {
    const body = [{ t: '2025-04-01 10:15:00', b: 7 }];
    assert.deepEqual(mapHttpJsonBody(body, config({ timestampTimeZone: 'Asia/Tokyo' }), range), [
      { hourStartUtc: '2025-04-01T01:00:00Z', bytes: 7 },
    ]);
  });

  it('says where the items should have been when they are not an array', () => {
    const error = mappingError({ data: {} }, { itemsPath: 'data.points' });
    assert.equal(error.kind, 'bad-response');
    assert.match(error.message, /data\.points is not an array/);
  });

  it('names the item and field of a bad value', () => {
    const body = [
      { t: '2025-04-01T00:00:00Z', b: 1 },
      { t: '2025-04-01T01:00:00Z', b: -1 },
    ];
    assert.match(mappingError(body, {}).message, /item 1: b is -1, not a non-negative number/);
    assert.match(
      mappingError([{ t: 'soon', b: 1 }], {}).message,
      /item 0: t is "soon", not an ISO 8601 date and time/,
    );
    assert.match(mappingError([{ b: 1 }], { timestampFormat: 'epoch-s' }).message, /item 0: t is missing/);
  });
});
