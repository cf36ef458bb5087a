import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { routeEvent } from '../../../shared/alerting/router/route-event';
import { SecretNotFoundError } from '../../../shared/kernel/ports/secret-reader';
import { SCHEDULES, TOPICS } from '../../../shared/kernel/topology';
import type { ApiAlert } from '../../../shared/mackerel/api/alert-schema';
import type { ApiHost } from '../../../shared/mackerel/api/host-schema';
import type { ListAlertsOptions } from '../../../shared/mackerel/api/mackerel-api-client';
import { MackerelApiError, type MackerelApiErrorKind } from '../../../shared/mackerel/api/mackerel-api-error';
import type { ApiMonitor } from '../../../shared/mackerel/api/monitor-schema';
import {
  type MackerelEventMessage,
  mackerelEventMessageSchema,
} from '../../../shared/mackerel/webhook/mackerel-event-message';
import type { OrgRecord } from '../../../shared/orgs/org-record';
import type {
  MackerelAlertReader,
  ReconcileDeps,
  ReconcileSettings,
} from '../../../shared/reconcile/reconcile-ports';
import { reconcileRequestSchema } from '../../../shared/reconcile/reconcile-request';
import { type ReconcileContext, runReconcile } from '../../../shared/reconcile/run-reconcile';
import { captureLogs } from '../../support/capture-logs';
import { InMemoryMissedWebhooks } from '../../support/fakes/in-memory-missed-webhooks';
import { InMemoryPublisher } from '../../support/fakes/in-memory-publisher';
import {
  acmeOrg,
  eventMessage,
  ORG,
  type RouterWorld,
  routerWorld,
  withAlert,
} from '../../support/router-world';

const RUN_AT = new Date('2026-01-01T02:00:00Z');
const NOW_S = RUN_AT.getTime() / 1000;
const SETTINGS: ReconcileSettings = {
  windowMinutes: 120,
  settleSeconds: 300,
  maxPages: 5,
  orgDeadlineMs: 1000,
};
const CONTEXT: ReconcileContext = { correlationId: 'corr-rc', requestedAt: RUN_AT };
const ORG_REQUEST = { reason: 'org' as const, org: ORG, runAt: RUN_AT.toISOString() };

const HOST: ApiHost = {
  id: 'H1',
  name: 'web01',
  createdAt: 0,
  status: 'working',
  memo: '',
  isRetired: false,
  roles: { shop: ['web'] },
};

/** One org's REST API as MackerelApiClient hands it on: newest first, status lower case. */
class FakeMackerel implements MackerelAlertReader {
  alerts: ApiAlert[] = [];
  monitors: ApiMonitor[] = [{ id: 'M1', type: 'host', name: 'CPU %', memo: '' }];
  hosts = new Map<string, ApiHost>([[HOST.id, HOST]]);
  readonly listed: ListAlertsOptions[] = [];
  failWith: MackerelApiErrorKind | 'hang' | undefined;

  async listAlerts(options: ListAlertsOptions) {
    this.listed.push(options);
    if (this.failWith === 'hang') return new Promise<never>(() => {});
    if (this.failWith)
      throw new MackerelApiError(this.failWith, 'GET /api/v0/alerts failed', { attempts: 1 });
    const { since } = options;
    const alerts = [...this.alerts]
      .sort((a, b) => b.openedAt - a.openedAt)
      .filter((a) => options.withClosed || a.closedAt === undefined)
      .filter((a) => since === undefined || a.openedAt >= since);
    return { alerts, complete: true };
  }
  async listMonitors() {
    return this.monitors;
  }
  async getHost(id: string) {
    const host = this.hosts.get(id);
    if (!host)
      throw new MackerelApiError('not-found', `GET /api/v0/hosts/${id} answered 404`, { attempts: 1 });
    return host;
  }
  open(id: string, fields: Partial<ApiAlert> = {}): ApiAlert {
    const alert: ApiAlert = {
      id,
      status: 'critical',
      monitorId: 'M1',
      type: 'host',
      hostId: HOST.id,
      openedAt: NOW_S - 1800,
      ...fields,
    };
    this.alerts = [...this.alerts.filter((a) => a.id !== id), alert];
    return alert;
  }
  close(id: string, closedAt: number) {
    this.alerts = this.alerts.map((a) => (a.id === id ? { ...a, status: 'ok', closedAt } : a));
  }
}

let router: RouterWorld;
let mackerel: FakeMackerel;
let ledger: InMemoryMissedWebhooks;
let publisher: InMemoryPublisher;
let orgs: OrgRecord[];
let keyProblem: Error | undefined;
let deps: ReconcileDeps;

beforeEach(() => {
  router = routerWorld(RUN_AT);
  router.routing.putRoute({
    id: 'web-team',
    name: 'shop web team',
    order: 10,
    match: { services: ['shop'] },
    recipients: { to: ['web@acme.example'] },
  });
  mackerel = new FakeMackerel();
  ledger = new InMemoryMissedWebhooks();
  publisher = new InMemoryPublisher();
  orgs = [acmeOrg(), acmeOrg({ name: 'beta' }), acmeOrg({ name: 'off', enabled: false })];
  keyProblem = undefined;
  deps = {
    orgs: { list: async () => orgs, get: async (name) => orgs.find((o) => o.name === name) },
    mackerelFor: async () => {
      if (keyProblem) throw keyProblem;
      return mackerel;
    },
    alerts: router.alerts,
    ledger,
    publisher,
    logger: captureLogs().logger,
  };
});

const reconcile = (request: unknown = ORG_REQUEST, context = CONTEXT) =>
  runReconcile(deps, SETTINGS, reconcileRequestSchema.parse(request), context);

/** mackerel-events messages published so far. */
const events = (): MackerelEventMessage[] =>
  publisher.published
    .filter((m) => m.topic === TOPICS.mackerelEvents)
    .map((m) => mackerelEventMessageSchema.parse(JSON.parse(m.data.toString('utf8'))));

/** Routes every event published since `from` through the in-memory router. */
async function routeAll(from = 0) {
  for (const message of events().slice(from)) await routeEvent(router.deps(), message);
}
const mails = () =>
  router.notifications().map((n) => `${n.kind}:${n.alerts[0]?.alertId}:${n.alerts[0]?.status}`);

describe('runReconcile: requests', () => {
  it('the schedule the topology declares fans out one org message per enabled org, at its publish time', async () => {
    const scheduled = SCHEDULES.filter((s) => s.topic === TOPICS.reconcileRequests);
    assert.equal(scheduled.length, 1);
    assert.deepEqual(await reconcile(scheduled[0]?.payload), { kind: 'fanned-out', orgs: 2 });
    const fanned = publisher.published.filter((m) => m.topic === TOPICS.reconcileRequests);
    assert.deepEqual(
      fanned.map((m) => JSON.parse(m.data.toString('utf8'))),
      [
        { reason: 'org', org: ORG, runAt: RUN_AT.toISOString() },
        { reason: 'org', org: 'beta', runAt: RUN_AT.toISOString() },
      ].sort((a, b) => (a.org < b.org ? -1 : 1)),
    );
    assert.deepEqual(fanned[0]?.attributes, { org: ORG, reason: 'org' });
    for (const m of fanned) reconcileRequestSchema.parse(JSON.parse(m.data.toString('utf8')));
  });

  it('an unknown or disabled org is skipped without a call to Mackerel', async () => {
    assert.deepEqual(await reconcile({ reason: 'org', org: 'off' }), {
      kind: 'skipped',
      org: 'off',
      why: 'disabled',
    });
    assert.deepEqual(await reconcile({ reason: 'on-demand', org: 'nope' }), {
      kind: 'skipped',
      org: 'nope',
      why: 'unknown-org',
    });
    assert.deepEqual(mackerel.listed, []);
  });

  it('a key that is missing or refused is acked (the audit reports it); an outage or a hang throws for a retry', async () => {
    keyProblem = new SecretNotFoundError('mackerel-api-key-acme-prod');
    assert.equal((await reconcile()).kind, 'skipped');
    keyProblem = undefined;
    mackerel.failWith = 'invalid-key';
    assert.deepEqual(await reconcile(), { kind: 'skipped', org: ORG, why: 'key' });
    mackerel.failWith = 'unavailable';
    await assert.rejects(reconcile(), MackerelApiError);
    mackerel.failWith = 'hang';
    await assert.rejects(reconcile(), /reconciliation of acme-prod took longer than 1000 ms/);
    assert.deepEqual(events(), []);
  });

  it('on-demand looks back over the window asked for', async () => {
    mackerel.open('old', { openedAt: NOW_S - 5 * 3600 });
    await reconcile({ reason: 'on-demand', org: ORG });
    assert.deepEqual(events(), [], 'outside the default two hours');
    await reconcile({ reason: 'on-demand', org: ORG, windowMinutes: 360 });
    assert.equal(events().length, 1);
    assert.equal(mackerel.listed.at(-1)?.since, NOW_S - 360 * 60);
  });
});

describe('runReconcile: through the router', () => {
  it('a dropped open: one event, one alert mail; the next run finds nothing and publishes nothing', async () => {
    mackerel.open('A1');
    const outcome = await reconcile();
    assert.equal(outcome.kind, 'reconciled');
    const [event, ...more] = events();
    assert.deepEqual(more, []);
    assert.equal(event?.source, 'reconcile');
    assert.equal(event?.correlationId, 'corr-rc');
    await routeAll();
    assert.deepEqual(mails(), ['alert:A1:critical']);
    assert.equal(router.notifications()[0]?.alerts[0]?.target, 'web01');

    await reconcile({ ...ORG_REQUEST, runAt: new Date(RUN_AT.getTime() + 900_000).toISOString() });
    assert.equal(events().length, 1, 'the router state now matches Mackerel');
    assert.deepEqual(await ledger.missedWebhooksSince(new Date(0)), { [ORG]: 1 });
  });

  it('a dropped close: one recovery to the route that was told', async () => {
    const alert = mackerel.open('4AlrtQ9zZz1', { openedAt: NOW_S - 3000 });
    const real = eventMessage('alert-host-critical.json', {
      patch: withAlert({ openedAt: alert.openedAt, statusChangedAt: alert.openedAt }),
    });
    await routeEvent(router.deps(), real);
    assert.deepEqual(mails(), ['alert:4AlrtQ9zZz1:critical']);
    mackerel.close(alert.id, NOW_S - 600);
    await reconcile();
    const [close] = events();
    assert.equal(close?.body.event, 'alert');
    await routeAll();
    assert.deepEqual(mails(), ['alert:4AlrtQ9zZz1:critical', 'recovery:4AlrtQ9zZz1:ok']);
    assert.deepEqual(router.notifications()[1]?.recipients.to, ['web@acme.example']);
    await reconcile({ ...ORG_REQUEST, runAt: new Date(RUN_AT.getTime() + 900_000).toISOString() });
    assert.equal(events().length, 1);
  });

  it('a redelivered request before the router caught up: the same events, counted once, mailed once', async () => {
    mackerel.open('A1');
    mackerel.open('A2', { status: 'warning', openedAt: NOW_S - 1200 });
    await reconcile();
    await reconcile();
    const keys = events().map((e) => e.dedupKey);
    assert.equal(keys.length, 4);
    assert.deepEqual(keys.slice(2), keys.slice(0, 2));
    await routeAll();
    assert.deepEqual(mails().sort(), ['alert:A1:critical', 'alert:A2:warning']);
    assert.equal(ledger.records.size, 2);
  });

  it('the lost webhook arriving after its reconciled twin is dropped by the router dedup', async () => {
    mackerel.open('4AlrtQ9zZz1', { openedAt: 1_767_225_600 + 3600 });
    await reconcile();
    await routeAll();
    const late = eventMessage('alert-host-critical.json', {
      patch: withAlert({ openedAt: 1_767_225_600 + 3600, statusChangedAt: 1_767_225_600 + 3600 }),
    });
    assert.equal(late.dedupKey, events()[0]?.dedupKey);
    assert.deepEqual(await routeEvent(router.deps(), late), { kind: 'already-done' });
    assert.deepEqual(mails(), ['alert:4AlrtQ9zZz1:critical']);
  });

  it('a dropped change: mailed as the new status; the late webhook of it is stale', async () => {
    const alert = mackerel.open('4AlrtQ9zZz1', { openedAt: NOW_S - 3000 });
    const patch = withAlert({ openedAt: alert.openedAt, statusChangedAt: alert.openedAt });
    await routeEvent(router.deps(), eventMessage('alert-host-critical.json', { patch }));
    mackerel.open(alert.id, { openedAt: alert.openedAt, status: 'warning' });
    await reconcile();
    await routeAll();
    assert.deepEqual(mails(), ['alert:4AlrtQ9zZz1:critical', 'alert:4AlrtQ9zZz1:warning']);
    const late = eventMessage('alert-host-critical.json', {
      patch: withAlert({ openedAt: alert.openedAt, status: 'warning', statusChangedAt: NOW_S - 1500 }),
    });
    const outcome = await routeEvent(router.deps(), late);
    assert.equal(outcome.kind === 'alert' && outcome.transition, 'stale');
    assert.equal(mails().length, 2);
  });

  it('an alert the router holds open from before the window: the listing reaches back to find its close', async () => {
    const openedAt = NOW_S - 86_400;
    const alert = mackerel.open('4AlrtQ9zZz1', { openedAt });
    const patch = withAlert({ openedAt, statusChangedAt: openedAt });
    await routeEvent(router.deps(), eventMessage('alert-host-critical.json', { patch }));
    mackerel.close(alert.id, NOW_S - 1200);
    await reconcile();
    assert.equal(mackerel.listed.at(-1)?.since, openedAt);
    await routeAll();
    assert.deepEqual(mails(), ['alert:4AlrtQ9zZz1:critical', 'recovery:4AlrtQ9zZz1:ok']);
  });

  it('recorded before it is published: a run cut off by Pub/Sub is counted, and its retry counts nothing more', async () => {
    mackerel.open('A1');
    publisher.failNext = 1;
    await assert.rejects(reconcile());
    assert.equal(ledger.records.size, 1);
    await reconcile();
    assert.equal(events().length, 1);
    assert.equal(ledger.records.size, 1);
    const [record] = ledger.records.values();
    assert.equal(record?.kind, 'open');
    assert.equal(record?.date, '2026-01-01');
    assert.equal(record?.dedupKey, events()[0]?.dedupKey);
  });

  it('a host Mackerel no longer knows is left out; the alert still goes, routed on what it has', async () => {
    mackerel.open('A1', { hostId: 'gone' });
    await reconcile();
    const [event] = events();
    assert.equal(event && 'host' in event.body, false);
  });
});
