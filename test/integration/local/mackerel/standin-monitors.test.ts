import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { MackerelStandin } from '../../../../local/mackerel/mackerel-standin';
import type { StandinSeed } from '../../../../local/mackerel/standin-seed';
import { createLogger } from '../../../../shared/kernel/log/logger';
import type { DowntimeSpec, Recurrence } from '../../../../shared/mackerel/api/downtime-spec';
import { MackerelApiClient } from '../../../../shared/mackerel/api/mackerel-api-client';
import {
  MackerelApiError,
  type MackerelApiErrorKind,
} from '../../../../shared/mackerel/api/mackerel-api-error';
import type { MonitorSpec } from '../../../../shared/mackerel/api/monitor-spec';

const OPS_KEY = 'ops-key-must-never-leak-91c2';
const VIEWER_KEY = 'viewer-local-api-key';
const OTHER_KEY = 'other-local-api-key';
const ID = /^[1-9A-HJ-NP-Za-km-z]{11}$/;

const seed: StandinSeed = {
  orgs: [
    { name: 'ops', displayName: null, apiKey: OPS_KEY },
    {
      name: 'viewer',
      displayName: null,
      apiKey: VIEWER_KEY,
      readOnly: true,
      monitors: [{ id: 'ViewMon0001', type: 'connectivity', name: 'alive', memo: '', isMute: false }],
      downtimes: [{ id: 'ViewDown001', name: 'nightly', start: 1_767_225_600, duration: 60 }],
    },
    {
      name: 'other',
      displayName: null,
      apiKey: OTHER_KEY,
      monitors: [{ id: 'OtherMon001', type: 'connectivity', name: 'alive' }],
    },
  ],
};

const hostCpu: MonitorSpec = {
  type: 'host',
  name: 'CPU %',
  metric: 'cpu%',
  operator: '>',
  critical: 90,
  duration: 3,
};
const shopHealth: MonitorSpec = { type: 'external', name: 'shop health', url: 'https://shop.example/health' };
const nightly: DowntimeSpec = { name: 'nightly backup', start: 1_767_225_600, duration: 30 };

describe('monitors and downtimes through MackerelApiClient against the stand-in', () => {
  let standin: MackerelStandin;
  let sleeps: number[] = [];

  before(async () => {
    standin = new MackerelStandin({ seed, port: 0, logger: createLogger({}, () => {}) });
    await standin.start();
  });
  after(() => standin.stop());
  beforeEach(() => {
    sleeps = [];
  });

  const client = (apiKey = OPS_KEY, timeoutMs = 5000) =>
    new MackerelApiClient({
      baseUrl: standin.baseUrl,
      apiKey,
      timeoutMs,
      retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 40 },
      random: () => 1,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
  const failing = async (
    promise: Promise<unknown>,
    kind: MackerelApiErrorKind,
  ): Promise<MackerelApiError> => {
    try {
      await promise;
    } catch (error) {
      if (!(error instanceof MackerelApiError))
        assert.fail(`expected a MackerelApiError, got ${inspect(error)}`);
      assert.equal(error.kind, kind, error.message);
      assert.ok(!error.message.includes(OPS_KEY));
      return error;
    }
    assert.fail('expected a rejection');
  };
  const writes = async (org: string) => {
    const response = await fetch(`${standin.baseUrl}/api/standin/orgs/${org}/writes`);
    assert.equal(response.status, 200);
    return ((await response.json()) as { writes: number }).writes;
  };
  const setReadOnly = async (org: string, readOnly: boolean) => {
    const response = await fetch(`${standin.baseUrl}/api/standin/orgs/${org}/read-only`, {
      method: 'POST',
      body: JSON.stringify({ readOnly }),
    });
    assert.equal(response.status, 200);
  };

  describe('monitors', () => {
    it('creates monitors of several types, with server ids and Mackerel’s defaults filled in', async () => {
      const api = client();
      const host = await api.createMonitor(hostCpu);
      assert.match(host.id, ID);
      assert.deepEqual(host, {
        id: host.id,
        ...hostCpu,
        memo: '',
        isMute: false,
        maxCheckAttempts: 1,
        scopes: [],
        excludeScopes: [],
        warning: null,
      });
      const external = await api.createMonitor(shopHealth);
      assert.equal(external.method, 'GET');
      assert.equal(external.followRedirect, false);
      const service = await api.createMonitor({
        type: 'service',
        name: 'shop 5xx',
        service: 'shop',
        metric: 'http.5xx',
        operator: '>',
        warning: 5,
        duration: 1,
      });
      const connectivity = await api.createMonitor({ type: 'connectivity', name: 'connectivity' });
      assert.equal(connectivity.alertStatusOnGone, 'CRITICAL');
      const ids = [host.id, external.id, service.id, connectivity.id];
      assert.equal(new Set(ids).size, 4);
      assert.deepEqual(
        (await api.listMonitors()).map((m) => m.id),
        ids,
      );
      assert.deepEqual(await api.getMonitor(host.id), host);
    });

    it('replaces a monitor on update: a key left out returns to its default; a sent id is ignored', async () => {
      const api = client();
      const created = await api.createMonitor({
        ...hostCpu,
        name: 'load',
        memo: 'runbook',
        maxCheckAttempts: 3,
      });
      const updated = await api.updateMonitor(created.id, { ...hostCpu, name: 'load', critical: 95 });
      assert.deepEqual(updated, { ...created, memo: '', maxCheckAttempts: 1, critical: 95 });
      assert.deepEqual(await api.getMonitor(created.id), updated);
      const response = await fetch(`${standin.baseUrl}/api/v0/monitors/${created.id}`, {
        method: 'PUT',
        headers: { 'X-Api-Key': OPS_KEY, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...updated, id: 'SomethingElse' }),
      });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { id: string }).id, created.id);
    });

    it('deletes a monitor, answering it as it was', async () => {
      const api = client();
      const created = await api.createMonitor({ ...hostCpu, name: 'doomed' });
      assert.deepEqual(await api.deleteMonitor(created.id), created);
      assert.ok(!(await api.listMonitors()).some((m) => m.id === created.id));
      await failing(api.getMonitor(created.id), 'not-found');
    });

    it('answers 400 with Mackerel’s message naming the bad field', async () => {
      const api = client();
      const duration = await failing(api.createMonitor({ ...hostCpu, duration: 11 }), 'bad-request');
      assert.match(duration.message, /answered 400: invalid input at duration: /);
      assert.equal(duration.status, 400);
      assert.equal(duration.attempts, 1);
      const url = await failing(
        api.createMonitor({ ...shopHealth, url: 'ftp://shop.example/' }),
        'bad-request',
      );
      assert.match(
        url.message,
        /answered 400: invalid input at url: expected an http:\/\/ or https:\/\/ URL/,
      );
    });

    it('answers 404 for an unknown id, and refuses to change a monitor’s type', async () => {
      const api = client();
      for (const call of [
        () => api.getMonitor('NoSuchMon01'),
        () => api.updateMonitor('NoSuchMon01', hostCpu),
      ]) {
        const error = await failing(call(), 'not-found');
        assert.match(error.message, /answered 404: Monitor not found/);
      }
      await failing(api.deleteMonitor('NoSuchMon01'), 'not-found');
      const host = await api.createMonitor({ ...hostCpu, name: 'stays a host' });
      const error = await failing(
        api.updateMonitor(host.id, { type: 'connectivity', name: 'x' }),
        'bad-request',
      );
      assert.match(
        error.message,
        /answered 400: invalid input at type: a host monitor cannot become connectivity/,
      );
      assert.equal((await api.getMonitor(host.id)).type, 'host');
    });
  });

  describe('downtimes', () => {
    it('creates, lists, updates and deletes downtimes, defaults filled in', async () => {
      const api = client();
      const monitor = await api.createMonitor({ ...hostCpu, name: 'silenced' });
      const created = await api.createDowntime({ ...nightly, monitorScopes: [monitor.id] });
      assert.match(created.id, ID);
      assert.deepEqual(created, {
        id: created.id,
        ...nightly,
        memo: '',
        serviceScopes: [],
        serviceExcludeScopes: [],
        roleScopes: [],
        roleExcludeScopes: [],
        monitorScopes: [monitor.id],
        monitorExcludeScopes: [],
      });
      assert.deepEqual(await api.listDowntimes(), [created]);
      const recurrence: Recurrence = { type: 'weekly', interval: 1, weekdays: ['Sunday'] };
      const updated = await api.updateDowntime(created.id, {
        ...nightly,
        recurrence,
        roleScopes: ['shop: db'],
      });
      assert.deepEqual(updated, { ...created, recurrence, roleScopes: ['shop: db'], monitorScopes: [] });
      assert.deepEqual(await api.deleteDowntime(created.id), updated);
      assert.deepEqual(await api.listDowntimes(), []);
      const error = await failing(api.deleteDowntime(created.id), 'not-found');
      assert.match(error.message, /answered 404: Downtime not found/);
    });

    it('refuses monitor scopes that are not this org’s monitors, and bad fields', async () => {
      const api = client();
      for (const [key, id] of [
        ['monitorScopes', 'NoSuchMon01'],
        ['monitorExcludeScopes', 'OtherMon001'],
      ] as const) {
        const error = await failing(api.createDowntime({ ...nightly, [key]: [id] }), 'bad-request');
        assert.match(error.message, new RegExp(`answered 400: invalid input at ${key}: no monitor ${id}`));
      }
      const error = await failing(api.createDowntime({ ...nightly, duration: 0 }), 'bad-request');
      assert.match(error.message, /invalid input at duration/);
      assert.deepEqual(await api.listDowntimes(), []);
    });
  });

  describe('write permission', () => {
    it('a read-only key reads, but every write is forbidden (403, not retried)', async () => {
      const api = client(VIEWER_KEY);
      assert.deepEqual(
        (await api.listMonitors()).map((m) => m.id),
        ['ViewMon0001'],
      );
      assert.equal((await api.getMonitor('ViewMon0001')).name, 'alive');
      assert.equal((await api.listDowntimes()).length, 1);
      for (const write of [
        () => api.createMonitor(hostCpu),
        () => api.updateMonitor('ViewMon0001', { type: 'connectivity', name: 'alive' }),
        () => api.deleteMonitor('ViewMon0001'),
        () => api.createDowntime(nightly),
        () => api.updateDowntime('ViewDown001', nightly),
        () => api.deleteDowntime('ViewDown001'),
      ]) {
        const error = await failing(write(), 'forbidden');
        assert.match(error.message, /answered 403: This API key does not have write permission/);
        assert.equal(error.attempts, 1);
      }
      assert.equal(standin.org('viewer').monitorWrites, 0);
      assert.equal((await api.listMonitors()).length, 1);
    });

    it('the control route takes write permission away and gives it back', async () => {
      const api = client();
      await setReadOnly('ops', true);
      await failing(api.createMonitor({ ...hostCpu, name: 'while read-only' }), 'forbidden');
      await setReadOnly('ops', false);
      await api.deleteMonitor((await api.createMonitor({ ...hostCpu, name: 'after' })).id);
    });
  });

  describe('the writes counter', () => {
    it('counts successful creates, updates and deletes only', async () => {
      const api = client();
      const before = await writes('ops');
      assert.equal(before, standin.org('ops').monitorWrites);
      await api.listMonitors();
      await api.listDowntimes();
      await failing(api.createMonitor({ ...hostCpu, duration: 0 }), 'bad-request');
      await failing(api.deleteDowntime('NoSuchDown1'), 'not-found');
      assert.equal(await writes('ops'), before);
      const monitor = await api.createMonitor({ ...hostCpu, name: 'counted' });
      await api.updateMonitor(monitor.id, { ...hostCpu, name: 'counted', critical: 99 });
      const downtime = await api.createDowntime({ ...nightly, name: 'counted' });
      await api.deleteDowntime(downtime.id);
      await api.deleteMonitor(monitor.id);
      assert.equal(await writes('ops'), before + 5);
      const missing = await fetch(`${standin.baseUrl}/api/standin/orgs/nobody/writes`);
      assert.equal(missing.status, 404);
    });
  });

  describe('retries', () => {
    it('an update that meets a 500 is retried and succeeds', async () => {
      const api = client();
      const monitor = await api.createMonitor({ ...hostCpu, name: 'flaky update' });
      const before = standin.org('ops').monitorWrites;
      standin.injectFault({ org: 'ops', status: 500, count: 1 });
      const updated = await api.updateMonitor(monitor.id, { ...hostCpu, name: 'flaky update', critical: 80 });
      assert.equal(updated.critical, 80);
      assert.deepEqual(sleeps, [10]);
      assert.equal(standin.org('ops').monitorWrites, before + 1);
    });

    it('a create that meets a 500 is not retried: one call, unavailable', async () => {
      const api = client();
      const org = standin.org('ops');
      const before = org.monitorWrites;
      standin.injectFault({ org: 'ops', status: 500, count: 2 });
      const error = await failing(api.createMonitor({ ...hostCpu, name: 'once only' }), 'unavailable');
      assert.equal(error.attempts, 1);
      assert.deepEqual(sleeps, []);
      // One of the two faults is left: the client made a single call.
      assert.equal(org.faults.size, 1);
      org.faults.take();
      assert.equal(org.monitorWrites, before);
      assert.ok(!(await api.listMonitors()).some((m) => m.name === 'once only'));
    });

    it('a create that timed out is not retried either', async () => {
      const api = client(OPS_KEY, 200);
      standin.injectFault({ org: 'ops', hang: true, count: 1 });
      const error = await failing(api.createDowntime({ ...nightly, name: 'hung' }), 'unavailable');
      assert.equal(error.attempts, 1);
      assert.match(error.message, /timed out after 200 ms/);
    });

    it('a create that meets a 429 (not processed) is retried, and makes one object', async () => {
      const api = client();
      standin.injectFault({ org: 'ops', status: 429, count: 1 });
      const created = await api.createMonitor({ ...hostCpu, name: 'rate limited' });
      assert.deepEqual(sleeps, [10]);
      assert.deepEqual(
        (await api.listMonitors()).filter((m) => m.name === 'rate limited').map((m) => m.id),
        [created.id],
      );
    });
  });
});
