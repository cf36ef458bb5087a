import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { generatedApiKey, generatedOrgName, generateSeed } from '../../../../local/mackerel/generate-seed';
import { MackerelStandin } from '../../../../local/mackerel/mackerel-standin';
import { readStandinSeed } from '../../../../local/mackerel/standin-seed';
import { createLogger } from '../../../../shared/kernel/log/logger';
import { alertsPageSchema } from '../../../../shared/mackerel/api/alert-schema';
import { apiErrorBodySchema } from '../../../../shared/mackerel/api/error-body';
import {
  apiHostSchema,
  hostResponseSchema,
  hostsResponseSchema,
} from '../../../../shared/mackerel/api/host-schema';
import { REPO_ROOT } from '../../../support/repo-root';

const silent = createLogger({}, () => {});
const DEMO_KEY = 'demo-local-api-key';
const ACME_KEY = 'acme-local-api-key';
const NOW = 1_767_300_000;

describe('Mackerel stand-in over HTTP', () => {
  let standin: MackerelStandin;

  before(async () => {
    standin = new MackerelStandin({
      seed: await readStandinSeed(join(REPO_ROOT, 'local/mackerel/seed.json')),
      port: 0,
      logger: silent,
      now: () => NOW,
    });
    await standin.start();
  });
  after(() => standin.stop());

  /** `key` null sends no X-Api-Key at all. */
  const api = (path: string, key: string | null = DEMO_KEY, init: RequestInit = {}) =>
    fetch(`${standin.baseUrl}${path}`, {
      ...init,
      headers: { ...(key === null ? {} : { 'X-Api-Key': key }), 'Content-Type': 'application/json' },
    });
  const control = (path: string, body: unknown) =>
    fetch(`${standin.baseUrl}/api/standin${path}`, { method: 'POST', body: JSON.stringify(body) });
  const hostNames = async (query: string, key = DEMO_KEY) => {
    const response = await api(`/api/v0/hosts${query}`, key);
    assert.equal(response.status, 200);
    return hostsResponseSchema
      .parse(await response.json())
      .hosts.map((h) => apiHostSchema.parse(h).name)
      .sort();
  };
  const openAlertIds = async (key = DEMO_KEY) =>
    alertsPageSchema.parse(await (await api('/api/v0/alerts', key)).json()).alerts.map((a) => a.id);

  describe('authentication', () => {
    it('answers an unknown or missing key with 401 and Mackerel’s error body', async () => {
      for (const key of ['not-a-key', null]) {
        const response = await api('/api/v0/org', key);
        assert.equal(response.status, 401);
        assert.ok(apiErrorBodySchema.safeParse(await response.json()).success);
      }
    });

    it('lets the key select the org', async () => {
      assert.deepEqual(await (await api('/api/v0/org')).json(), {
        name: 'demo',
        displayName: 'Demo customer',
      });
      assert.deepEqual(await (await api('/api/v0/org', ACME_KEY)).json(), {
        name: 'acme',
        displayName: 'ACME Corporation',
      });
    });
  });

  describe('hosts', () => {
    it('lists only working and standby by default, and never a retired host', async () => {
      assert.deepEqual(await hostNames(''), ['db01', 'web01']);
      // web00 is retired though its status still says working.
      assert.deepEqual(await hostNames('?status=working'), ['web01']);
    });

    it('lists every status asked for', async () => {
      const all = await hostNames('?status=working&status=standby&status=maintenance&status=poweroff');
      assert.deepEqual(all, ['db01', 'ip-10-1-2-3.ap-northeast-1.compute.internal', 'staging01', 'web01']);
      assert.deepEqual(await hostNames('.json?status=poweroff'), ['staging01']);
    });

    it('filters by name, service, role (only with a service) and customIdentifier', async () => {
      assert.deepEqual(await hostNames('?name=db01'), ['db01']);
      assert.deepEqual(await hostNames('?service=shop&status=working&status=maintenance'), [
        'ip-10-1-2-3.ap-northeast-1.compute.internal',
        'web01',
      ]);
      assert.deepEqual(await hostNames('?service=shop&role=db&role=web'), ['db01', 'web01']);
      assert.deepEqual(await hostNames('?role=db'), ['db01', 'web01']);
      assert.deepEqual(await hostNames('?service=nothing'), []);
      assert.deepEqual(await hostNames('?customIdentifier=i-0abc1234def567890&status=maintenance'), [
        'ip-10-1-2-3.ap-northeast-1.compute.internal',
      ]);
    });

    it('serves one host by id, retired ones too, and 404 for an unknown id', async () => {
      const retired = hostResponseSchema.parse(await (await api('/api/v0/hosts/3xHostM2n3O')).json()).host;
      assert.equal(retired.isRetired, true);
      const missing = await api('/api/v0/hosts/nope');
      assert.equal(missing.status, 404);
      assert.ok(apiErrorBodySchema.safeParse(await missing.json()).success);
      // Another org's host is not found with this org's key.
      assert.equal((await api('/api/v0/hosts/6AcmeHost01')).status, 404);
    });
  });

  describe('alerts', () => {
    it('serves open alerts newest first with UPPER case status; closed ones with withClosed', async () => {
      const open = await (await api('/api/v0/alerts')).json();
      const page = z
        .object({ alerts: z.array(z.object({ id: z.string(), status: z.string() })) })
        .parse(open);
      assert.deepEqual(
        page.alerts.map((a) => [a.id, a.status]),
        [
          ['4AlrtQ9zZz1', 'CRITICAL'],
          ['4AlrtN7xXx9', 'WARNING'],
        ],
      );
      const all = alertsPageSchema.parse(await (await api('/api/v0/alerts?withClosed=true')).json());
      assert.deepEqual(
        all.alerts.map((a) => a.id),
        ['4AlrtQ9zZz1', '4AlrtP8yYy0', '4AlrtN7xXx9'],
      );
    });

    it('pages with limit and nextId, nextId only while more remain', async () => {
      const seen: string[] = [];
      let nextId: string | undefined;
      let pages = 0;
      do {
        const query = `?withClosed=true&limit=1${nextId ? `&nextId=${nextId}` : ''}`;
        const page = alertsPageSchema.parse(await (await api(`/api/v0/alerts${query}`)).json());
        seen.push(...page.alerts.map((a) => a.id));
        nextId = page.nextId;
        pages++;
      } while (nextId !== undefined);
      assert.equal(pages, 3);
      assert.deepEqual(seen, ['4AlrtQ9zZz1', '4AlrtP8yYy0', '4AlrtN7xXx9']);
    });

    it('refuses a limit over 100 and an unknown nextId with 400', async () => {
      assert.equal((await api('/api/v0/alerts?limit=101')).status, 400);
      assert.equal((await api('/api/v0/alerts?limit=0')).status, 400);
      assert.equal((await api('/api/v0/alerts?nextId=nope')).status, 400);
    });
  });

  describe('monitors, channels, service metrics', () => {
    it('serves monitors and channels as the API does (suspendedAt null when not suspended)', async () => {
      const monitors = z.object({ monitors: z.array(z.looseObject({ id: z.string() })) });
      assert.equal(monitors.parse(await (await api('/api/v0/monitors')).json()).monitors.length, 3);
      const body = z
        .object({
          channels: z.array(z.looseObject({ type: z.string(), suspendedAt: z.number().nullable() })),
        })
        .parse(await (await api('/api/v0/channels')).json());
      assert.deepEqual(
        body.channels.map((c) => [c.type, c.suspendedAt]),
        [
          ['webhook', null],
          ['email', null],
        ],
      );
    });

    it('records posted service metrics per org and refuses a malformed post', async () => {
      const post = (body: unknown) =>
        api('/api/v0/services/pipeline/tsdb', 'msp-self-local-api-key', {
          method: 'POST',
          body: JSON.stringify(body),
        });
      const ok = await post([{ name: 'audit.orgs_ok', time: NOW, value: 70 }]);
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { success: true });
      assert.equal((await post([{ name: 'x', time: 'now', value: 1 }])).status, 400);
      const metrics = await (await fetch(`${standin.baseUrl}/api/standin/metrics`)).json();
      assert.deepEqual(metrics, {
        'msp-self': [{ service: 'pipeline', name: 'audit.orgs_ok', time: NOW, value: 70 }],
      });
    });
  });

  describe('fault injection', () => {
    it('answers the armed status count times, for that org only', async () => {
      assert.equal((await control('/faults', { org: 'demo', status: 429, count: 2 })).status, 200);
      assert.equal((await api('/api/v0/org', ACME_KEY)).status, 200);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await api('/api/v0/org')).status);
      assert.deepEqual(statuses, [429, 429, 200]);
    });

    it('answers 403 with an error body, and can be late', async () => {
      await control('/faults', { org: 'demo', status: 403, count: 1, delayMs: 120 });
      const started = performance.now();
      const response = await api('/api/v0/hosts');
      assert.ok(performance.now() - started >= 110);
      assert.equal(response.status, 403);
      assert.ok(apiErrorBodySchema.safeParse(await response.json()).success);
    });

    it('hangs a call until the client gives up, then serves the next one', async () => {
      await control('/faults', { org: 'demo', hang: true, count: 1 });
      await assert.rejects(
        fetch(`${standin.baseUrl}/api/v0/org`, {
          headers: { 'X-Api-Key': DEMO_KEY },
          signal: AbortSignal.timeout(150),
        }),
        { name: 'TimeoutError' },
      );
      assert.equal((await api('/api/v0/org')).status, 200);
    });

    it('refuses a malformed fault or an unknown org', async () => {
      assert.equal((await control('/faults', { org: 'demo', status: 418, count: 1 })).status, 400);
      assert.equal((await control('/faults', { org: 'demo', count: 1 })).status, 400);
      assert.equal((await control('/faults', { org: 'nobody', status: 500, count: 1 })).status, 404);
    });
  });

  describe('changing an org between audit rounds', () => {
    it('adds a host, changes its status, retires it (closing its alerts)', async () => {
      const host = {
        id: '6AcmeHost99',
        name: 'acme-new',
        createdAt: NOW,
        status: 'working',
        memo: '',
        isRetired: false,
        roles: { portal: ['app'] },
        interfaces: [],
        meta: {},
      };
      assert.equal((await control('/orgs/acme/hosts', host)).status, 200);
      assert.deepEqual(await hostNames('', ACME_KEY), ['acme-app01', 'acme-app02', 'acme-new']);
      const alert = {
        id: '9Alrt1',
        status: 'CRITICAL',
        monitorId: '7AcmeMon01',
        type: 'connectivity',
        hostId: host.id,
        openedAt: NOW,
      };
      assert.equal((await control('/orgs/acme/alerts', alert)).status, 200);
      assert.deepEqual(await openAlertIds(ACME_KEY), ['9Alrt1']);

      assert.equal(
        (await control('/orgs/acme/hosts/6AcmeHost99/status', { status: 'poweroff' })).status,
        200,
      );
      assert.deepEqual(await hostNames('', ACME_KEY), ['acme-app01', 'acme-app02']);

      assert.equal((await control('/orgs/acme/hosts/6AcmeHost99/retire', {})).status, 200);
      assert.deepEqual(await hostNames('?status=poweroff', ACME_KEY), []);
      assert.deepEqual(await openAlertIds(ACME_KEY), []);
      const closed = alertsPageSchema.parse(
        await (await api('/api/v0/alerts?withClosed=true', ACME_KEY)).json(),
      );
      assert.equal(closed.alerts[0]?.closedAt, NOW);
    });

    it('opens and closes alerts, newest first', async () => {
      const alert = {
        id: '9Alrt2',
        status: 'WARNING',
        monitorId: '2MonId0001',
        type: 'host',
        hostId: '3xHostA1b2C',
        openedAt: NOW,
      };
      await control('/orgs/demo/alerts', alert);
      assert.equal((await openAlertIds())[0], '9Alrt2');
      assert.equal((await control('/orgs/demo/alerts/9Alrt2/close', { reason: 'fixed' })).status, 200);
      assert.ok(!(await openAlertIds()).includes('9Alrt2'));
      assert.equal((await control('/orgs/demo/alerts/nope/close', {})).status, 404);
    });

    it('refuses an object that is not in the API shape, naming the field', async () => {
      const response = await control('/orgs/demo/hosts', { id: 'x', name: 'y', createdAt: 'soon' });
      assert.equal(response.status, 400);
      const body = apiErrorBodySchema.parse(await response.json());
      assert.match(body.error.message, /createdAt|status/);
    });

    it('suspends a channel and rotates a key (the old key then gets 401)', async () => {
      await control('/orgs/demo/channels/5ChanW1/suspension', { suspended: true });
      const channels = z
        .object({ channels: z.array(z.looseObject({ id: z.string(), suspendedAt: z.number().nullable() })) })
        .parse(await (await api('/api/v0/channels')).json()).channels;
      assert.equal(channels.find((c) => c.id === '5ChanW1')?.suspendedAt, NOW);

      assert.equal((await control('/orgs/demo/api-key', { apiKey: ACME_KEY })).status, 409);
      assert.equal((await control('/orgs/demo/api-key', { apiKey: 'demo-rotated' })).status, 200);
      assert.equal((await api('/api/v0/org')).status, 401);
      assert.equal((await api('/api/v0/org', 'demo-rotated')).status, 200);
      standin.rotateApiKey('demo', DEMO_KEY);
    });
  });
});

describe('Mackerel stand-in at benchmark scale', () => {
  it('serves 1,000 orgs of 100 hosts each with 50 ms latency', async () => {
    const seed = generateSeed({ orgs: 1000, hostsPerOrg: 100, latencyMs: 50 });
    const listed = (seed.orgs[0]?.hosts ?? []).filter(
      (h) => h.status === 'working' || h.status === 'standby',
    );
    const standin = new MackerelStandin({ seed, port: 0, logger: silent });
    await standin.start();
    try {
      const counts = new Map<string, number>();
      let next = 0;
      const started = performance.now();
      const worker = async () => {
        for (let i = next++; i < 1000; i = next++) {
          const name = generatedOrgName(i);
          const response = await fetch(`${standin.baseUrl}/api/v0/hosts?status=working&status=standby`, {
            headers: { 'X-Api-Key': generatedApiKey(name) },
          });
          counts.set(name, hostsResponseSchema.parse(await response.json()).hosts.length);
        }
      };
      await Promise.all(Array.from({ length: 100 }, worker));
      const elapsed = performance.now() - started;
      assert.equal(counts.size, 1000);
      assert.ok(listed.length > 0 && listed.length < 100);
      assert.ok([...counts.values()].every((n) => n === listed.length));
      // 1,000 calls at 50 ms each, 100 at a time, is 0.5 s of waiting: latency must overlap, not queue.
      assert.ok(elapsed < 10_000, `took ${Math.round(elapsed)} ms`);
    } finally {
      await standin.stop();
    }
  });
});
