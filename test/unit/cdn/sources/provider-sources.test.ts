import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cdnEndpointsOf } from '../../../../shared/cdn/sources/cdn-endpoints';
import {
  cloudflareFailure,
  cloudflareHourly,
  cloudflareQueryBody,
} from '../../../../shared/cdn/sources/cloudflare-graphql';
import { fastlyFailure, fastlyHourly, fastlyStatsPath } from '../../../../shared/cdn/sources/fastly-stats';
import { parseTimestamp } from '../../../../shared/cdn/sources/parse-timestamp';
import { splitRange } from '../../../../shared/cdn/sources/roll-up-hourly';
import { errorForStatus, UsageSourceError } from '../../../../shared/cdn/sources/usage-source';
import { cdnUsageConfigSchema } from '../../../../shared/cdn/watch/cdn-usage-config';
import { loadConfig } from '../../../../shared/kernel/config/load-config';

const range = { from: new Date('2025-04-01T00:00:00Z'), to: new Date('2025-04-01T03:00:00Z') };
const TOKEN = 'tok-SECRET-123';

function thrown(fn: () => unknown): UsageSourceError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof UsageSourceError, String(error));
    return error;
  }
  assert.fail('expected a UsageSourceError');
}

describe('Fastly stats parsing', () => {
  const answer = {
    status: 'success',
    meta: { by: 'hour' },
    msg: null,
    data: [
      {
        start_time: 1743469200,
        bandwidth: 1100,
        edge_resp_header_bytes: 30,
        edge_resp_body_bytes: 970,
        requests: 2,
      },
      { start_time: 1743465600, bandwidth: 0, edge_resp_header_bytes: 0, edge_resp_body_bytes: 0 },
    ],
  };

  it('builds the hourly stats path with epoch seconds from the start of the hour', () => {
    const path = fastlyStatsPath('svc 1', { from: new Date('2025-04-01T00:59:00Z'), to: range.to });
    assert.equal(path, '/stats/service/svc%201?from=1743465600&to=1743476400&by=hour');
  });

  it('picks edge response bytes or bandwidth, sorted, zero hours kept', () => {
    assert.deepEqual(fastlyHourly(answer, 'edge-response', range), [
      { hourStartUtc: '2025-04-01T00:00:00Z', bytes: 0 },
      { hourStartUtc: '2025-04-01T01:00:00Z', bytes: 1000 },
    ]);
    assert.equal(fastlyHourly(answer, 'bandwidth', range)[1]?.bytes, 1100);
  });

  it('rejects a non-success status and a bucket without the chosen fields', () => {
    assert.match(
      thrown(() => fastlyHourly({ ...answer, status: 'error', msg: 'nope' }, 'bandwidth', range)).message,
      /nope/,
    );
    const noEdge = { ...answer, data: [{ start_time: 1743465600, bandwidth: 5 }] };
    assert.equal(thrown(() => fastlyHourly(noEdge, 'edge-response', range)).kind, 'bad-response');
    assert.match(
      thrown(() => fastlyHourly({ data: 'x' }, 'bandwidth', range)).message,
      /unexpected answer at/,
    );
  });

  it("carries Fastly's msg, with an echoed token cut out", () => {
    const error = fastlyFailure(401, { msg: `bad key ${TOKEN}` }, TOKEN);
    assert.equal(error.kind, 'auth');
    assert.equal(error.message, 'Fastly stats API answered 401: bad key [redacted]');
  });
});

describe('Cloudflare GraphQL parsing', () => {
  const zone = '023e105f4ecef8ad9ca31a8372d0c353';

  it('asks for one row per hour of the piece, with the filter in variables', () => {
    const body = cloudflareQueryBody(zone, range);
    assert.match(body.query, /httpRequests1hGroups\(limit: 3,/);
    assert.deepEqual(body.variables, {
      zoneTag: zone,
      filter: { datetime_geq: '2025-04-01T00:00:00Z', datetime_lt: '2025-04-01T03:00:00Z' },
    });
  });

  it('reads sum.bytes per dimensions.datetime', () => {
    const answer = {
      data: {
        viewer: {
          zones: [
            {
              httpRequests1hGroups: [
                { dimensions: { datetime: '2025-04-01T00:00:00Z' }, sum: { bytes: 5 } },
                { dimensions: { datetime: '2025-04-01T01:00:00Z' }, sum: { bytes: 0 } },
              ],
            },
          ],
        },
      },
      errors: null,
    };
    assert.deepEqual(cloudflareHourly(answer, zone, range, TOKEN), [
      { hourStartUtc: '2025-04-01T00:00:00Z', bytes: 5 },
      { hourStartUtc: '2025-04-01T01:00:00Z', bytes: 0 },
    ]);
  });

  it('turns an errors array in a 200 answer into the matching kind', () => {
    const withError = (message: string) => ({ data: null, errors: [{ message, path: null }] });
    const kindOf = (message: string) =>
      thrown(() => cloudflareHourly(withError(message), zone, range, TOKEN)).kind;
    assert.equal(kindOf('rate limiter budget depleted, please try again after 5 minutes'), 'rate-limited');
    assert.equal(kindOf('zone does not have access to the path'), 'forbidden');
    assert.equal(kindOf('error parsing args'), 'bad-response');
    const empty = { data: { viewer: { zones: [] } }, errors: null };
    assert.equal(thrown(() => cloudflareHourly(empty, zone, range, TOKEN)).kind, 'not-found');
  });

  it('reads code 10000 in a 403 as a bad token', () => {
    const body = { success: false, errors: [{ code: 10000, message: 'Authentication error' }] };
    const error = cloudflareFailure(403, body, TOKEN);
    assert.equal(error.kind, 'auth');
    assert.equal(error.retryable, false);
    assert.equal(cloudflareFailure(403, { success: false, errors: [] }, TOKEN).kind, 'forbidden');
  });
});

describe('shared pieces', () => {
  it('maps statuses to kinds; only 408, 429 and 5xx are retryable', () => {
    const cases: Array<[number, string, boolean]> = [
      [401, 'auth', false],
      [403, 'forbidden', false],
      [404, 'not-found', false],
      [400, 'bad-response', false],
      [408, 'unavailable', true],
      [429, 'rate-limited', true],
      [503, 'unavailable', true],
    ];
    for (const [status, kind, retryable] of cases) {
      const error = errorForStatus('X', status, '');
      assert.deepEqual([error.kind, error.retryable, error.status], [kind, retryable, status]);
    }
  });

  it('parses timestamps strictly', () => {
    assert.equal(parseTimestamp('2025-04-01 09:00', 'Asia/Tokyo')?.toISOString(), '2025-04-01T00:00:00.000Z');
    assert.equal(parseTimestamp('2025-04-01T09:00:00.5', 'UTC')?.toISOString(), '2025-04-01T09:00:00.500Z');
    assert.equal(
      parseTimestamp('2025-04-01 09:00:00+0900', 'UTC')?.toISOString(),
      '2025-04-01T00:00:00.000Z',
    );
    for (const bad of [
      '2025-04-01',
      '2025-13-01 00:00',
      '2025-04-01 24:00',
      '2025-04-01 10:60',
      'tomorrow',
    ]) {
      assert.equal(parseTimestamp(bad, 'UTC'), undefined, bad);
    }
  });

  it('splits a range into hour-aligned pieces', () => {
    const pieces = splitRange(
      { from: new Date('2025-04-01T00:30:00Z'), to: new Date('2025-04-01T05:00:00Z') },
      2,
    );
    assert.deepEqual(
      pieces.map((p) => [p.from.toISOString().slice(11, 16), p.to.toISOString().slice(11, 16)]),
      [
        ['00:00', '02:00'],
        ['02:00', '04:00'],
        ['04:00', '05:00'],
      ],
    );
  });

  it('reads provider base URLs from the environment, defaulting to the real APIs', () => {
    const cdnEndpointsFromEnv = (env: Record<string, string>) =>
      cdnEndpointsOf(
        loadConfig('cdn-usage', cdnUsageConfigSchema, { GOOGLE_CLOUD_PROJECT: 'msp-ops-local', ...env }),
      );
    assert.deepEqual(cdnEndpointsFromEnv({}), {
      fastlyBaseUrl: 'https://api.fastly.com',
      cloudflareBaseUrl: 'https://api.cloudflare.com',
    });
    const local = cdnEndpointsFromEnv({ CDN_FASTLY_BASE_URL: 'http://127.0.0.1:8030/' });
    assert.equal(local.fastlyBaseUrl, 'http://127.0.0.1:8030');
    assert.throws(
      () => cdnEndpointsFromEnv({ CDN_CLOUDFLARE_BASE_URL: 'ftp://x' }),
      /CDN_CLOUDFLARE_BASE_URL/,
    );
  });
});
