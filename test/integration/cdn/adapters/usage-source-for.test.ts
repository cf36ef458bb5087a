import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CdnStandin } from '../../../../local/cdn/cdn-standin';
import { jstreamStandinSource } from '../../../../local/cdn/jstream-traffic-answer';
import type { CdnHttpOptions } from '../../../../shared/cdn/adapters/call-json';
import { cloudflareUsageSource } from '../../../../shared/cdn/adapters/cloudflare-usage-source';
import { fastlyUsageSource } from '../../../../shared/cdn/adapters/fastly-usage-source';
import { httpJsonUsageSource } from '../../../../shared/cdn/adapters/http-json-usage-source';
import type { HourlyBucket } from '../../../../shared/cdn/model/hourly-bucket';
import { type UsageSource, UsageSourceError } from '../../../../shared/cdn/sources/usage-source';
import { createLogger } from '../../../../shared/kernel/log/logger';
import { SecretNotFoundError, type SecretReader } from '../../../../shared/kernel/ports/secret-reader';

const silent = createLogger({}, () => {});
/** The stand-in's clock: 12:34 UTC, so the 12:00 hour is still running. */
const NOW = Date.parse('2025-04-10T12:34:00Z');
const HOUR = 3_600_000;

const TOKENS = { fastly: 'fastly-TOKEN-5a1e', cloudflare: 'cf-TOKEN-77c2', jstream: 'js-TOKEN-0b9d' };
const WRONG_TOKEN = 'WRONG-TOKEN-3f3f';
const secretValues: Record<string, string> = {
  'fastly-token': TOKENS.fastly,
  'cf-token': TOKENS.cloudflare,
  'js-token': TOKENS.jstream,
  'wrong-token': `${WRONG_TOKEN}\n`,
};
const secrets: SecretReader = {
  async read(name) {
    const value = secretValues[name];
    if (value === undefined) throw new SecretNotFoundError(name);
    return value;
  },
};
const http: CdnHttpOptions = { timeoutMs: 400, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } };
const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';

function hoursFrom(startIso: string, bytes: number[]): HourlyBucket[] {
  return bytes.map((b, i) => ({
    hourStartUtc: new Date(Date.parse(startIso) + i * HOUR).toISOString().replace('.000Z', 'Z'),
    bytes: b,
  }));
}

/** Awaits the rejection, checks its kind, and that no token (right or wrong) made it into the error. */
async function sourceError(
  promise: Promise<unknown>,
  kind: UsageSourceError['kind'],
): Promise<UsageSourceError> {
  const error = await promise.then(
    () => assert.fail(`expected a ${kind} error`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof UsageSourceError, String(error));
  assert.equal(error.kind, kind, error.message);
  const visible = [error.message, String(error), error.stack ?? '', JSON.stringify(error)].join('\n');
  for (const token of [...Object.values(TOKENS), WRONG_TOKEN]) assert.ok(!visible.includes(token), visible);
  return error;
}

describe('CDN usage sources against the local stand-in, over HTTP', () => {
  const standin = new CdnStandin({ port: 0, now: () => NOW, tokens: TOKENS, logger: silent, seed: 'test' });
  let fastly: (serviceId: string, egress: 'bandwidth' | 'edge-response', tokenSecret?: string) => UsageSource;
  let cloudflare: (tokenSecret?: string) => UsageSource;
  let jstream: (siteId: string, tokenSecret?: string) => UsageSource;
  /** Statuses the stand-in answered since the last beforeEach. */
  let statuses: () => number[];

  before(async () => {
    await standin.start();
    fastly = (serviceId, egress, tokenSecret = 'fastly-token') =>
      fastlyUsageSource(
        { kind: 'fastly', serviceId, egress, tokenSecret },
        { secrets, baseUrl: standin.baseUrl, http },
      );
    cloudflare = (tokenSecret = 'cf-token') =>
      cloudflareUsageSource(
        { kind: 'cloudflare', zoneTag: ZONE, tokenSecret },
        { secrets, baseUrl: standin.baseUrl, http },
      );
    jstream = (siteId, tokenSecret = 'js-token') =>
      httpJsonUsageSource(jstreamStandinSource(standin.baseUrl, siteId, tokenSecret), { secrets, http });
  });
  after(() => standin.stop());
  beforeEach(() => {
    standin.clearTraffic();
    const seen = standin.requests().length;
    statuses = () =>
      standin
        .requests()
        .slice(seen)
        .map((r) => r.status);
  });

  const today = { from: new Date('2025-04-10T00:00:00Z'), to: new Date(NOW) };

  describe('Fastly', () => {
    it('returns set traffic per hour, edge response or bandwidth, never the running hour', async () => {
      standin.setTraffic('svcSet', hoursFrom('2025-04-10T00:00:00Z', [1000, 0, 2500, ...Array(10).fill(7)]));
      const edge = await fastly('svcSet', 'edge-response').fetchHourly(today);
      assert.equal(edge.length, 12, 'hours 00..11; 12:00 has not ended');
      assert.deepEqual(edge.slice(0, 3), hoursFrom('2025-04-10T00:00:00Z', [1000, 0, 2500]));
      const bandwidth = await fastly('svcSet', 'bandwidth').fetchHourly(today);
      assert.deepEqual(
        bandwidth.slice(0, 3).map((h) => h.bytes),
        [1020, 0, 2550],
      );
    });

    it('serves 72 seeded hours with a diurnal shape', async () => {
      const hours = await fastly('svcSeeded', 'edge-response').fetchHourly({
        from: new Date(NOW - 72 * HOUR),
        to: new Date(NOW),
      });
      assert.equal(hours.length, 72);
      assert.equal(hours[0]?.hourStartUtc, '2025-04-07T12:00:00Z');
      assert.equal(hours.at(-1)?.hourStartUtc, '2025-04-10T11:00:00Z');
      const bytes = hours.map((h) => h.bytes);
      assert.ok(Math.max(...bytes) > 2.5 * Math.min(...bytes), 'peak well above the night-time low');
    });

    it('absorbs two 429s with backoff', async () => {
      standin.failNext({ status: 429, count: 2 });
      const hours = await fastly('svcSeeded', 'edge-response').fetchHourly(today);
      assert.equal(hours.length, 12);
      assert.deepEqual(statuses(), [429, 429, 200]);
    });

    it('retries a slow answer past its timeout', async () => {
      standin.failNext({ count: 1, delayMs: 800 });
      const hours = await fastly('svcSeeded', 'edge-response').fetchHourly(today);
      assert.equal(hours.length, 12);
    });

    it('gives up as unavailable once 5xx outlasts the attempts', async () => {
      standin.failNext({ status: 503, count: 3 });
      const error = await sourceError(fastly('svcSeeded', 'edge-response').fetchHourly(today), 'unavailable');
      assert.equal(error.status, 503);
      assert.deepEqual(statuses(), [503, 503, 503]);
    });

    it('reports a wrong token as auth, without retrying', async () => {
      const error = await sourceError(
        fastly('svcSeeded', 'edge-response', 'wrong-token').fetchHourly(today),
        'auth',
      );
      assert.match(error.message, /401: Provided credentials are missing or invalid/);
      assert.deepEqual(statuses(), [401]);
    });

    it('reports a missing token secret as auth before any request', async () => {
      await sourceError(fastly('svcSeeded', 'edge-response', 'no-such-secret').fetchHourly(today), 'auth');
      assert.deepEqual(statuses(), []);
    });
  });

  describe('Cloudflare', () => {
    it('returns set traffic per hour', async () => {
      standin.setTraffic(ZONE, hoursFrom('2025-04-10T09:00:00Z', [5, 0, 6, 99, 99]));
      assert.deepEqual(await cloudflare().fetchHourly(today), hoursFrom('2025-04-10T09:00:00Z', [5, 0, 6]));
    });

    it('asks for a long range in weekly pieces and joins them', async () => {
      const hours = await cloudflare().fetchHourly({
        from: new Date(NOW - 8 * 24 * HOUR),
        to: new Date(NOW),
      });
      assert.equal(hours.length, 8 * 24);
      assert.deepEqual(statuses(), [200, 200]);
      const starts = hours.map((h) => Date.parse(h.hourStartUtc));
      assert.ok(
        starts.every((t, i) => i === 0 || t - (starts[i - 1] ?? 0) === HOUR),
        'contiguous, sorted',
      );
    });

    it('absorbs a 429, gives up on 502 as unavailable', async () => {
      standin.failNext({ status: 429, count: 1 });
      assert.equal((await cloudflare().fetchHourly(today)).length, 12);
      standin.failNext({ status: 502, count: 3 });
      await sourceError(cloudflare().fetchHourly(today), 'unavailable');
      assert.deepEqual(statuses(), [429, 200, 502, 502, 502]);
    });

    it('reports a wrong token (403, code 10000) as auth', async () => {
      const error = await sourceError(cloudflare('wrong-token').fetchHourly(today), 'auth');
      assert.match(error.message, /403: Authentication error \(10000\)/);
    });

    it('reports a depleted query budget, sent as GraphQL errors in a 200, as rate-limited without retrying', async () => {
      const tight = new CdnStandin({
        port: 0,
        now: () => NOW,
        tokens: TOKENS,
        logger: silent,
        cloudflareBudget: { queries: 1, windowMs: 60_000 },
      });
      await tight.start();
      try {
        const source = cloudflareUsageSource(
          { kind: 'cloudflare', zoneTag: ZONE, tokenSecret: 'cf-token' },
          { secrets, baseUrl: tight.baseUrl, http },
        );
        await source.fetchHourly(today);
        const error = await sourceError(source.fetchHourly(today), 'rate-limited');
        assert.match(error.message, /budget depleted/);
        assert.equal(tight.requests().length, 2);
      } finally {
        await tight.stop();
      }
    });
  });

  describe('HTTP JSON (the J-Stream-like API)', () => {
    it('rolls five-minute JST points up into the same UTC hours the other providers report', async () => {
      const key = 'site1';
      const viaJstream = await jstream(key).fetchHourly(today);
      const viaFastly = await fastly(key, 'edge-response').fetchHourly(today);
      // The running hour has five-minute points that ended (12:00..12:30): partial data, but data.
      assert.equal(viaJstream.length, 13);
      assert.deepEqual(viaJstream.slice(0, 12), viaFastly);
      const running = viaJstream[12];
      assert.equal(running?.hourStartUtc, '2025-04-10T12:00:00Z');
      assert.ok(running !== undefined && running.bytes > 0 && running.bytes < (viaFastly[11]?.bytes ?? 0));
    });

    it('absorbs a 500 and reports a wrong key as auth', async () => {
      standin.failNext({ status: 500, count: 1 });
      assert.equal((await jstream('site1').fetchHourly(today)).length, 13);
      await sourceError(jstream('site1', 'wrong-token').fetchHourly(today), 'auth');
      assert.deepEqual(statuses(), [500, 200, 401]);
    });

    it('reports an answer without the configured items as bad-response', async () => {
      const source = httpJsonUsageSource(
        { ...jstreamStandinSource(standin.baseUrl, 'site1', 'js-token'), itemsPath: 'data.rows' },
        { secrets, http },
      );
      const error = await sourceError(source.fetchHourly(today), 'bad-response');
      assert.match(error.message, /data\.rows is not an array/);
    });
  });

  describe('stand-in control endpoints', () => {
    const post = (path: string, body: unknown) =>
      fetch(`${standin.baseUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });

    it('sets traffic and arms faults over HTTP, and lists what it answered', async () => {
      const hours = hoursFrom('2025-04-10T03:00:00Z', [42]);
      assert.equal((await post('/api/traffic', { key: 'svcHttp', hours })).status, 200);
      assert.equal((await post('/api/faults', { status: 429, count: 1 })).status, 200);
      assert.deepEqual(await fastly('svcHttp', 'edge-response').fetchHourly(today), hours);
      const listed: unknown = await (await fetch(`${standin.baseUrl}/api/requests`)).json();
      assert.deepEqual(Array.isArray(listed) ? listed.slice(-2) : listed, [
        { provider: 'fastly', status: 429 },
        { provider: 'fastly', status: 200 },
      ]);
    });

    it('refuses a fault or traffic it cannot use', async () => {
      assert.equal((await post('/api/faults', { status: 418, count: 1 })).status, 400);
      assert.equal((await post('/api/faults', { count: 1 })).status, 400);
      const badHour = { key: 'svcHttp', hours: [{ hourStartUtc: '2025-04-10T03:30:00Z', bytes: 1 }] };
      assert.equal((await post('/api/traffic', badHour)).status, 400);
    });
  });
});
