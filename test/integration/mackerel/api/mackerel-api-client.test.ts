import assert from 'node:assert/strict';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { freePort } from '../../../../local/free-port';
import { MackerelStandin } from '../../../../local/mackerel/mackerel-standin';
import { readStandinSeed, type StandinSeed } from '../../../../local/mackerel/standin-seed';
import { createLogger } from '../../../../shared/kernel/log/logger';
import {
  MackerelApiClient,
  type MackerelApiClientOptions,
} from '../../../../shared/mackerel/api/mackerel-api-client';
import {
  MackerelApiError,
  type MackerelApiErrorKind,
} from '../../../../shared/mackerel/api/mackerel-api-error';
import { REPO_ROOT } from '../../../support/repo-root';

/** Distinctive, so a leak anywhere is found by a plain substring search. */
const SECRET_KEY = 'mkr-KEY-must-never-leak-7f3a9c';
const PAGING_ORG = 'paging';
const ALERT_COUNT = 250;
const BASE_TIME = 1_767_000_000;

/** The default seed plus an org with many alerts (alert i opened at BASE_TIME + i; odd ones closed). */
async function testSeed(): Promise<StandinSeed> {
  const seed = await readStandinSeed(join(REPO_ROOT, 'local/mackerel/seed.json'));
  const alerts = Array.from({ length: ALERT_COUNT }, (_, i) => ({
    id: `alert-${i}`,
    status: i % 2 === 0 ? 'CRITICAL' : 'OK',
    monitorId: 'mon-1',
    type: 'service',
    value: i + 0.5,
    openedAt: BASE_TIME + i,
    ...(i % 2 === 0 ? {} : { closedAt: BASE_TIME + i + 60, reason: 'recovered' }),
  }));
  return { orgs: [...seed.orgs, { name: PAGING_ORG, displayName: null, apiKey: SECRET_KEY, alerts }] };
}

/** Fails the test with the error's kind if `promise` does not reject with a MackerelApiError. */
async function apiError(promise: Promise<unknown>): Promise<MackerelApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MackerelApiError) return error;
    assert.fail(`expected a MackerelApiError, got ${inspect(error)}`);
  }
  assert.fail('expected a rejection');
}

/** A raw HTTP server answering whatever a test needs that the stand-in never would. */
async function rawServer(handler: RequestListener): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('MackerelApiClient against the stand-in', () => {
  const standinLog: string[] = [];
  let standin: MackerelStandin;
  /** Every error any test saw, checked at the end for the key. */
  const errors: MackerelApiError[] = [];
  let sleeps: number[] = [];

  before(async () => {
    standin = new MackerelStandin({
      seed: await testSeed(),
      port: 0,
      logger: createLogger({}, (line) => standinLog.push(line)),
    });
    await standin.start();
  });
  after(() => standin.stop());
  beforeEach(() => {
    sleeps = [];
  });

  /** Fast retries whose waits are recorded (random 1: the full backoff ceiling). */
  const client = (apiKey: string, options: Partial<MackerelApiClientOptions> = {}) =>
    new MackerelApiClient({
      baseUrl: standin.baseUrl,
      apiKey,
      retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 40 },
      alertPageDelayMs: 250,
      random: () => 1,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...options,
    });
  const demo = (options?: Partial<MackerelApiClientOptions>) => client('demo-local-api-key', options);
  const paging = (options?: Partial<MackerelApiClientOptions>) => client(SECRET_KEY, options);
  const failing = async (promise: Promise<unknown>, kind: MackerelApiErrorKind) => {
    const error = await apiError(promise);
    errors.push(error);
    assert.equal(error.kind, kind, error.message);
    return error;
  };
  const fault = (status: 401 | 403 | 429 | 500 | 502 | 503, count: number) =>
    standin.injectFault({ org: PAGING_ORG, status, count });

  describe('reading an org', () => {
    it('getOrg: the org the key belongs to', async () => {
      assert.deepEqual(await demo().getOrg(), { name: 'demo', displayName: 'Demo customer' });
      assert.deepEqual(await paging().getOrg(), { name: PAGING_ORG, displayName: undefined });
    });

    it('listHosts: all four statuses by default, retired never', async () => {
      const hosts = await demo().listHosts();
      assert.deepEqual(hosts.map((h) => h.status).sort(), ['maintenance', 'poweroff', 'standby', 'working']);
      assert.ok(hosts.every((h) => !h.isRetired));
      const cloud = hosts.find((h) => h.meta?.cloud !== undefined);
      assert.equal(cloud?.meta?.cloud?.provider, 'ec2');
      assert.deepEqual(cloud?.roles, { shop: ['batch'] });
    });

    it('listHosts: statuses, service, roles and name filters', async () => {
      const names = async (options: Parameters<MackerelApiClient['listHosts']>[0]) =>
        (await demo().listHosts(options)).map((h) => h.name).sort();
      assert.deepEqual(await names({ statuses: ['working', 'standby'] }), ['db01', 'web01']);
      assert.deepEqual(await names({ service: 'shop', roles: ['web', 'db'] }), ['db01', 'web01']);
      assert.deepEqual(await names({ name: 'staging01' }), ['staging01']);
      await assert.rejects(demo().listHosts({ roles: ['web'] }), RangeError);
    });

    it('getHost: one host, retired ones included; not-found for an unknown id', async () => {
      assert.equal((await demo().getHost('3xHostA1b2C')).name, 'web01');
      assert.equal((await demo().getHost('3xHostM2n3O')).isRetired, true);
      const error = await failing(demo().getHost('no/such host'), 'not-found');
      assert.equal(error.status, 404);
      assert.equal(error.attempts, 1);
      assert.match(error.message, /Host not found/);
    });

    it('listMonitors and listChannels', async () => {
      const monitors = await demo().listMonitors();
      assert.equal(monitors.find((m) => m.type === 'connectivity')?.name, undefined);
      assert.equal(monitors.find((m) => m.id === '2MonId0001')?.name, 'CPU %');
      const [webhook] = await demo().listChannels();
      assert.equal(webhook?.type, 'webhook');
      assert.equal(webhook?.suspendedAt, undefined);
      assert.ok(webhook?.url?.startsWith('http://127.0.0.1:8080/'));
      const [acme] = await client('acme-local-api-key').listChannels();
      assert.equal(acme?.suspendedAt, 1767100000);
    });

    it('postServiceMetrics: recorded for the org the key belongs to', async () => {
      const points = [
        { name: 'audit.orgs_checked', time: BASE_TIME, value: 70 },
        { name: 'audit.duration_seconds', time: BASE_TIME, value: 12.5 },
      ];
      await client('msp-self-local-api-key').postServiceMetrics('msp pipeline', points);
      assert.deepEqual(
        standin.metrics()['msp-self'],
        points.map((p) => ({ service: 'msp pipeline', ...p })),
      );
      // NaN is sent as null, which the API refuses: a bad request, not retried.
      const error = await failing(
        client('msp-self-local-api-key').postServiceMetrics('pipeline', [
          { name: 'x', time: 1, value: Number.NaN },
        ]),
        'bad-request',
      );
      assert.equal(error.attempts, 1);
    });
  });

  describe('alerts', () => {
    it('open alerts by default, statuses normalised to lower case', async () => {
      const { alerts, complete } = await demo().listAlerts();
      assert.equal(complete, true);
      assert.deepEqual(
        alerts.map((a) => [a.id, a.status]),
        [
          ['4AlrtQ9zZz1', 'critical'],
          ['4AlrtN7xXx9', 'warning'],
        ],
      );
      assert.equal((await demo().listAlerts({ withClosed: true })).alerts.length, 3);
    });

    it('pages until nextId is absent, pausing between pages', async () => {
      const { alerts, complete } = await paging().listAlerts({ withClosed: true });
      assert.equal(complete, true);
      assert.equal(alerts.length, ALERT_COUNT);
      assert.equal(new Set(alerts.map((a) => a.id)).size, ALERT_COUNT);
      assert.deepEqual(
        alerts.slice(0, 2).map((a) => a.id),
        ['alert-249', 'alert-248'],
      );
      // Three pages of 100, 100 and 50: two pauses.
      assert.deepEqual(sleeps, [250, 250]);
      const open = await paging().listAlerts({ limit: 30 });
      assert.equal(open.alerts.length, ALERT_COUNT / 2);
      assert.ok(open.alerts.every((a) => a.status === 'critical' && a.closedAt === undefined));
    });

    it('stops at the since boundary, returning only alerts opened since', async () => {
      const since = BASE_TIME + 120;
      const { alerts, complete } = await paging().listAlerts({ withClosed: true, since });
      assert.equal(complete, true);
      assert.equal(alerts.length, ALERT_COUNT - 120);
      assert.ok(alerts.every((a) => a.openedAt >= since));
      // Page 2 already reached past the boundary: no third page, one pause.
      assert.deepEqual(sleeps, [250]);
    });

    it('stops at maxPages and says the list is incomplete', async () => {
      const { alerts, complete } = await paging().listAlerts({ withClosed: true, limit: 50, maxPages: 2 });
      assert.equal(complete, false);
      assert.equal(alerts.length, 100);
    });

    it('refuses a limit over 100 before calling', async () => {
      await assert.rejects(paging().listAlerts({ limit: 101 }), RangeError);
    });
  });

  describe('failures', () => {
    it('401: invalid-key, not retried; for an unknown key too', async () => {
      fault(401, 1);
      const revoked = await failing(paging().getOrg(), 'invalid-key');
      assert.equal(revoked.attempts, 1);
      assert.equal(revoked.status, 401);
      assert.deepEqual(sleeps, []);
      const unknown = await failing(client('no-such-key').getOrg(), 'invalid-key');
      assert.match(unknown.message, /^GET \/api\/v0\/org answered 401: Authentication failed/);
    });

    it('403: forbidden (permission or IP restriction), not retried', async () => {
      fault(403, 2);
      const error = await failing(paging().listHosts(), 'forbidden');
      assert.equal(error.attempts, 1);
      assert.match(error.message, /outside the permitted IP addresses/);
      // The second armed 403 is still waiting: nothing was retried.
      await failing(paging().listHosts(), 'forbidden');
      assert.deepEqual((await paging().getOrg()).name, PAGING_ORG);
    });

    it('a 429 storm is absorbed by exponential backoff', async () => {
      fault(429, 3);
      assert.equal((await paging().getOrg()).name, PAGING_ORG);
      assert.deepEqual(sleeps, [10, 20, 40]);
    });

    it('backoff is jittered and capped', async () => {
      fault(503, 3);
      await paging({ random: () => 0.5, retry: { attempts: 4, baseDelayMs: 30, maxDelayMs: 50 } }).getOrg();
      assert.deepEqual(sleeps, [15, 25, 25]);
    });

    it('429 on every attempt: rate-limited', async () => {
      fault(429, 4);
      const error = await failing(paging().getOrg(), 'rate-limited');
      assert.equal(error.attempts, 4);
    });

    it('5xx on every attempt: unavailable after the retries', async () => {
      for (const status of [500, 502, 503] as const) {
        fault(status, 4);
        const error = await failing(paging().listMonitors(), 'unavailable');
        assert.equal(error.attempts, 4);
        assert.equal(error.status, status);
      }
    });

    it('a hung call times out, is retried, and ends unavailable', async () => {
      standin.injectFault({ org: PAGING_ORG, hang: true, count: 2 });
      const started = performance.now();
      const error = await failing(
        paging({ timeoutMs: 150, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).getOrg(),
        'unavailable',
      );
      assert.ok(performance.now() - started >= 290);
      assert.equal(error.attempts, 2);
      assert.match(error.message, /timed out after 150 ms/);
      assert.equal((await paging().getOrg()).name, PAGING_ORG);
    });

    it('a slow answer within the timeout succeeds', async () => {
      standin.injectFault({ org: PAGING_ORG, delayMs: 100, count: 1 });
      assert.equal((await paging({ timeoutMs: 2000 }).getOrg()).name, PAGING_ORG);
      assert.deepEqual(sleeps, []);
    });

    it('nobody listening: unavailable, naming the network error', async () => {
      const closedPort = await freePort();
      const error = await failing(
        new MackerelApiClient({
          baseUrl: `http://127.0.0.1:${closedPort}`,
          apiKey: SECRET_KEY,
          retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        }).getOrg(),
        'unavailable',
      );
      assert.match(error.message, /ECONNREFUSED/);
      assert.equal(error.attempts, 2);
    });
  });

  describe('answers that break the contract', () => {
    let odd: Awaited<ReturnType<typeof rawServer>>;
    let redirectFollowed = false;

    before(async () => {
      odd = await rawServer((req, res) => {
        const json = (status: number, body: unknown) =>
          res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
        switch (req.url?.split('?')[0]) {
          case '/api/v0/hosts':
            // One odd host is read on its own (host-list-tolerance.test.ts); a list that is no list fails.
            return json(200, { hosts: { h1: { id: 'h1', name: 'ok' } } });
          case '/api/v0/org':
            return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>maintenance</html>');
          case '/api/v0/monitors':
            return res.writeHead(302, { Location: '/elsewhere' }).end();
          case '/elsewhere':
            redirectFollowed = true;
            return json(200, { monitors: [] });
          case '/api/v0/channels':
            // A careless proxy quoting the request headers back.
            return json(500, {
              error: { message: `upstream failed for X-Api-Key ${req.headers['x-api-key']}` },
            });
          default:
            return res.writeHead(404, 'Gone Fishing').end('not json');
        }
      });
    });
    after(() => odd.close());

    const oddClient = () =>
      new MackerelApiClient({
        baseUrl: odd.baseUrl,
        apiKey: SECRET_KEY,
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      });

    it('a body that fails the schema: bad-response naming the field', async () => {
      const error = await failing(oddClient().listHosts(), 'bad-response');
      assert.equal(error.fieldPath, 'hosts');
      assert.match(error.message, /hosts/);
      assert.equal(error.attempts, 1);
    });

    it('a body that is not JSON: bad-response', async () => {
      await failing(oddClient().getOrg(), 'bad-response');
    });

    it('a redirect is not followed (it would carry the key)', async () => {
      const error = await failing(oddClient().listMonitors(), 'bad-response');
      assert.equal(error.status, 302);
      assert.equal(redirectFollowed, false);
    });

    it('no error body: the status text', async () => {
      const error = await failing(oddClient().getHost('x'), 'not-found');
      assert.match(error.message, /404: Gone Fishing$/);
    });

    it('an error body echoing the key: scrubbed', async () => {
      const error = await failing(oddClient().listChannels(), 'unavailable');
      assert.match(error.message, /X-Api-Key \[redacted\]/);
    });
  });

  it('the key appears in no error, no stand-in log line, and not in the client itself', () => {
    assert.ok(errors.length >= 15, `only ${errors.length} errors collected`);
    for (const error of errors) {
      for (const text of [
        error.message,
        String(error.stack),
        inspect(error, { depth: 5 }),
        JSON.stringify(error),
      ]) {
        assert.ok(!text.includes(SECRET_KEY), `key leaked: ${error.kind}`);
      }
    }
    assert.ok(standinLog.length > 0);
    assert.ok(standinLog.every((line) => !line.includes(SECRET_KEY)));
    const apiClient = paging();
    assert.ok(!inspect(apiClient, { depth: 5, showHidden: true }).includes(SECRET_KEY));
    assert.ok(!JSON.stringify(apiClient).includes(SECRET_KEY));
  });
});
