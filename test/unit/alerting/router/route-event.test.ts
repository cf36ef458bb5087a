import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { AlertSubject } from '../../../../shared/alerting/router/alert-state';
import {
  DEDUP_RETENTION_DAYS,
  MAX_STATE_ATTEMPTS,
  routeEvent,
} from '../../../../shared/alerting/router/route-event';
import type { MackerelEventMessage } from '../../../../shared/mackerel/webhook/mackerel-event-message';
import { ALL_STEPS } from '../../../support/fakes/step-faults';
import {
  eventMessage,
  ORG,
  type RouterWorld,
  routerWorld,
  withAlert,
  withHost,
} from '../../../support/router-world';

const ALERT: AlertSubject = { kind: 'alert', id: '4AlrtQ9zZz1' };
const critical = () => eventMessage('alert-host-critical.json');
const ok = () => eventMessage('alert-host-ok.json', { receivedAt: '2026-01-01T00:45:00.000Z' });

let world: RouterWorld;

function setUpRoutes(w: RouterWorld): void {
  w.routing
    .putRoute({
      id: 'web-team',
      name: 'shop web team',
      order: 10,
      match: { services: ['shop'] },
      recipients: { to: ['web@acme.example'] },
    })
    .putMspRoute({
      id: 'noc',
      name: 'NOC criticals',
      order: 10,
      match: { minSeverity: 'critical' },
      recipients: { to: ['noc@msp.example'] },
    });
}

beforeEach(() => {
  world = routerWorld();
  setUpRoutes(world);
});

const route = (message: MackerelEventMessage, w = world) => routeEvent(w.deps(), message);
const kindsOf = (w: RouterWorld) => w.notifications().map((n) => `${n.kind}:${n.routeId}`);
const logMessages = (w: RouterWorld) => w.logs.entries().map((e) => `${e.severity} ${e.message}`);

describe('routeEvent: alerts', () => {
  it('routes a critical: notifications published, state, history and marker written, outbox cleared', async () => {
    const outcome = await route(critical());
    assert.equal(outcome.kind, 'alert');
    assert.deepEqual(kindsOf(world), ['alert:org:web-team', 'alert:msp:noc']);
    const state = world.alerts.state(ORG, ALERT);
    assert.equal(state?.status, 'critical');
    assert.deepEqual(state?.outbox, {});
    assert.deepEqual(Object.keys(state?.notifiedRoutes ?? {}).sort(), ['msp:noc', 'org:web-team']);
    const [entry] = world.alerts.events(ORG, ALERT);
    assert.equal(entry?.transition, 'opened');
    assert.deepEqual(entry?.notificationIds.sort(), world.notificationIds().sort());
    const marker = world.markers.markers.get(`${ORG}__${critical().dedupKey}`);
    assert.equal(marker?.outcome, 'opened');
    assert.equal(marker?.expiresAt.getTime(), world.now.getTime() + DEDUP_RETENTION_DAYS * 86_400_000);
    assert.ok(logMessages(world).includes('INFO alert routed'));
  });

  it('the same message twice changes nothing the second time (the marker short-cuts it)', async () => {
    await route(critical());
    const stepsBefore = world.faults.reached.length;
    const second = await route(critical());
    assert.deepEqual(second, { kind: 'already-done' });
    assert.equal(world.notifications().length, 2);
    // The marker is read beside the other first-round reads; nothing is written or published after it.
    assert.deepEqual(world.faults.reached.slice(stepsBefore).sort(), [
      'alerts.get',
      'hosts.get',
      'markers.isDone',
      'routing.load',
    ]);
  });

  it('Mackerel posting twice (same dedup key, another message) is a duplicate too', async () => {
    await route(critical());
    const repost = { ...critical(), receivedAt: '2026-01-01T00:31:00.000Z', correlationId: 'another' };
    assert.deepEqual(await route(repost), { kind: 'already-done' });
    assert.equal(world.notifications().length, 2);
  });

  it('after the marker expired, the same event is decided against the state: still no mail', async () => {
    await route(critical());
    world.now = new Date(world.now.getTime() + (DEDUP_RETENTION_DAYS + 1) * 86_400_000);
    const outcome = await route(critical());
    assert.equal(outcome.kind === 'alert' && outcome.transition, 'duplicate');
    assert.equal(world.notifications().length, 2);
  });

  it('dedup markers are per org: another org posting the same body is routed', async () => {
    world.routing.org = undefined;
    await route(eventMessage('alert-host-critical.json', { org: 'beta-stg' }));
    await route(critical());
    assert.deepEqual(
      world.notifications().map((n) => n.org),
      ['beta-stg', 'beta-stg', ORG, ORG],
    );
    assert.ok(world.alerts.state('beta-stg', ALERT) && world.alerts.state(ORG, ALERT));
  });

  it('OK after CRITICAL: one recovery per notified route; OK before CRITICAL: no stale critical', async () => {
    await route(critical());
    await route(ok());
    assert.deepEqual(kindsOf(world), [
      'alert:org:web-team',
      'alert:msp:noc',
      'recovery:org:web-team',
      'recovery:msp:noc',
    ]);

    const reordered = routerWorld();
    setUpRoutes(reordered);
    await route(ok(), reordered);
    const late = await route(critical(), reordered);
    assert.equal(late.kind === 'alert' && late.transition, 'stale');
    assert.deepEqual(reordered.notifications(), []);
    assert.equal(reordered.alerts.state(ORG, ALERT)?.isOpen, false);
    assert.deepEqual(
      reordered.alerts.events(ORG, ALERT).map((e) => e.transition),
      ['recovered', 'stale'],
      'the stale event is recorded in the history',
    );
  });

  it('a muted alert logs why and records it in the state', async () => {
    await route(eventMessage('alert-host-critical.json', { patch: withHost({ status: 'maintenance' }) }));
    assert.deepEqual(world.notifications(), []);
    assert.equal(world.alerts.state(ORG, ALERT)?.suppression?.kind, 'maintenance');
    const line = world.logs.entries().find((e) => e.message === 'alert muted');
    assert.match(String(line?.suppressedBy), /web01.*maintenance/);
  });

  it('an alert no route matches is a WARNING with the reasons', async () => {
    world.routing.routes = [];
    world.routing.mspRoutes = [];
    await route(critical());
    const line = world.logs.entries().find((e) => e.message === 'alert matched no route');
    assert.equal(line?.severity, 'WARNING');
  });
});

describe('routeEvent: crashes and races', () => {
  /** A clean run's notification ids: what every faulty run must end with, each published. */
  async function cleanIds(): Promise<string[]> {
    const clean = routerWorld();
    setUpRoutes(clean);
    await route(critical(), clean);
    await route(ok(), clean);
    return clean.notificationIds().sort();
  }

  for (const step of ALL_STEPS.filter((s) => s !== 'hosts.put')) {
    for (const when of ['before', 'after'] as const) {
      it(`dies ${when} ${step}: after redelivery every notification is out, none lost`, async () => {
        const expected = await cleanIds();
        let firedAny = false;
        for (const message of [critical(), ok()]) {
          world.faults.arm(step, when);
          let failed = false;
          try {
            await route(message);
          } catch {
            failed = true;
          }
          assert.equal(failed, world.faults.fired);
          firedAny ||= failed;
          if (failed) await route(message); // Pub/Sub redelivers
        }
        assert.ok(firedAny, `${step} is on the path`);
        assert.deepEqual(world.notificationIds().sort(), expected);
        const state = world.alerts.state(ORG, ALERT);
        assert.equal(state?.isOpen, false);
        assert.deepEqual(state?.outbox, {});
      });
    }
  }

  const hostSteps = [
    'markers.isDone',
    'hosts.get',
    'hosts.put',
    'publisher.publish',
    'markers.markDone',
  ] as const;
  for (const step of hostSteps) {
    for (const when of ['before', 'after'] as const) {
      it(`hostRegister dies ${when} ${step}: after redelivery the host is listed and the audit asked`, async () => {
        world.faults.arm(step, when);
        await assert.rejects(route(eventMessage('hostRegister.json')));
        await route(eventMessage('hostRegister.json'));
        assert.equal(world.hosts.record(ORG, '3xHostNew9')?.name, 'unknown-box');
        assert.ok(world.auditRequests().length >= 1);
        assert.deepEqual(await route(eventMessage('hostRegister.json')), { kind: 'already-done' });
      });
    }
  }

  it('dies after the state write, then the OK arrives before the redelivery: both mails go out', async () => {
    const expected = await cleanIds();
    world.faults.arm('alerts.put', 'after');
    await assert.rejects(route(critical()));
    await route(ok()); // publishes the critical's outbox, then the recovery
    const redelivered = await route(critical());
    assert.equal(redelivered.kind === 'alert' && redelivered.transition, 'stale');
    assert.deepEqual(world.notificationIds().sort(), expected);
  });

  it('Pub/Sub failing makes the push fail; the redelivery publishes exactly the same notifications', async () => {
    world.publisher.failNext = 1;
    await assert.rejects(route(critical()));
    assert.equal(world.alerts.state(ORG, ALERT)?.status, 'critical');
    await route(critical());
    assert.equal(world.notificationIds().length, 2);
    assert.deepEqual(world.alerts.state(ORG, ALERT)?.outbox, {});
  });

  it('another writer first: the event is decided again against what it wrote', async () => {
    await route(ok());
    const closed = world.alerts.state(ORG, ALERT);
    assert.ok(closed);
    const fresh = routerWorld();
    setUpRoutes(fresh);
    // The critical reads "never seen", but the OK lands before its write: decided again, it is stale.
    fresh.alerts.beforeNextPut = () => fresh.alerts.force(ORG, ALERT, closed);
    const outcome = await route(critical(), fresh);
    assert.equal(outcome.kind === 'alert' && outcome.transition, 'stale');
    assert.deepEqual(fresh.notifications(), []);
  });

  it('two deliveries of one event at once publish one set of notifications', async () => {
    await Promise.all([route(critical()), route(critical())]);
    assert.equal(world.notificationIds().length, 2);
  });

  it('gives up (5xx, redelivery) when the state keeps changing under it', async () => {
    let puts = 0;
    const sabotage = () => {
      puts++;
      world.alerts.force(ORG, ALERT, {
        ...(world.alerts.state(ORG, ALERT) ?? { ...baseState() }),
        updatedAt: new Date(puts * 1000).toISOString(),
      });
      world.alerts.beforeNextPut = sabotage;
    };
    await route(eventMessage('alert-host-critical.json', { patch: withAlert({ statusChangedAt: 1 }) }));
    world.alerts.beforeNextPut = sabotage;
    await assert.rejects(
      route(eventMessage('alert-host-critical.json', { patch: withAlert({ statusChangedAt: 1767225601 }) })),
      /kept changing/,
    );
    assert.equal(puts, MAX_STATE_ATTEMPTS);
  });
});

function baseState() {
  const state = world.alerts.state(ORG, ALERT);
  assert.ok(state);
  return state;
}

describe('routeEvent: host events', () => {
  it('hostRegister adds the host and asks for an audit of the org; redelivery does neither again', async () => {
    const message = eventMessage('hostRegister.json');
    const outcome = await route(message);
    assert.deepEqual(outcome, { kind: 'host', applied: true, auditRequested: true });
    assert.deepEqual(world.auditRequests(), [{ org: ORG, reason: 'hostRegister', hostId: '3xHostNew9' }]);
    const host = world.hosts.record(ORG, '3xHostNew9');
    assert.equal(host?.name, 'unknown-box');
    assert.equal(host?.registeredAt, message.receivedAt);
    assert.equal(host?.retired, false);
    assert.deepEqual(await route(message), { kind: 'already-done' });
    assert.equal(world.auditRequests().length, 1);
  });

  it('an audit request lost to a crash is asked again on redelivery', async () => {
    world.faults.arm('markers.markDone', 'before');
    await assert.rejects(route(eventMessage('hostRegister.json')));
    await route(eventMessage('hostRegister.json'));
    assert.equal(world.auditRequests().length, 2, 'at least once: an audit asked twice costs an audit');
  });

  it('host status is monotonic in receive time; the same body later is applied again', async () => {
    const maintenance = eventMessage('hostStatus.json', { receivedAt: '2026-01-01T00:10:00.000Z' });
    const working = eventMessage('hostStatus.json', {
      receivedAt: '2026-01-01T00:20:00.000Z',
      patch: (b) => {
        withHost({ status: 'working' })(b);
        b.fromStatus = 'maintenance';
      },
    });
    await route(working);
    const older = await route(maintenance);
    assert.deepEqual(older, { kind: 'host', applied: false, auditRequested: false });
    assert.equal(world.hosts.record(ORG, '3xHostA1b2C')?.status, 'working');
    // Into maintenance again later: the very same body as before, a new receive time.
    await route({ ...maintenance, receivedAt: '2026-01-01T00:40:00.000Z' });
    assert.equal(world.hosts.record(ORG, '3xHostA1b2C')?.status, 'maintenance');
  });

  it('a host put into maintenance after the alert changed mutes its alerts', async () => {
    await route(eventMessage('hostStatus.json', { receivedAt: '2026-01-01T00:10:00.000Z' }));
    await route(critical()); // the webhook still says working: built before the status change
    assert.deepEqual(world.notifications(), []);
    assert.equal(world.alerts.state(ORG, ALERT)?.suppression?.kind, 'maintenance');
  });

  it('a retired host stays retired', async () => {
    await route(eventMessage('hostRetire.json', { receivedAt: '2026-01-01T00:10:00.000Z' }));
    await route(
      eventMessage('hostRetire.json', {
        receivedAt: '2026-01-01T00:20:00.000Z',
        patch: (b) => {
          b.event = 'hostStatus';
          withHost({ status: 'poweroff' })(b);
        },
      }),
    );
    const host = world.hosts.record(ORG, '3xHostOld1');
    assert.equal(host?.retired, true);
    assert.equal(host?.retiredAt, '2026-01-01T00:10:00.000Z');
    assert.equal(host?.status, 'poweroff');
  });
});

describe('routeEvent: everything else', () => {
  it('monitor events, sample and unknown events are logged at INFO and acked, nothing written', async () => {
    const unknown = eventMessage({ orgName: ORG, event: 'somethingNew', payload: { x: 1 } });
    for (const message of [eventMessage('monitorUpdate.json'), eventMessage('sample.json'), unknown]) {
      const outcome = await route(message);
      assert.equal(outcome.kind, 'recorded');
    }
    assert.deepEqual(world.publisher.calls, []);
    assert.equal(world.markers.markers.size, 0);
    const lines = world.logs.entries().filter((e) => e.message === 'event recorded');
    assert.deepEqual(
      lines.map((e) => [e.severity, e.eventType]),
      [
        ['INFO', 'monitorUpdate'],
        ['INFO', 'sample'],
        ['INFO', 'somethingNew'],
      ],
    );
  });

  it('a malformed body is recorded at ERROR and acked, not retried', async () => {
    const message: MackerelEventMessage = {
      ...critical(),
      body: { orgName: ORG, event: 'alert', alert: { id: 'x', status: 'on fire' } },
    };
    assert.deepEqual(await route(message), { kind: 'malformed', reason: 'body' });
    const line = world.logs.entries().find((e) => e.message === 'malformed event body');
    assert.equal(line?.severity, 'ERROR');
    assert.ok(Array.isArray(line?.issues));
    assert.deepEqual(world.faults.reached, []);
  });

  it('a body of another org, or an unusable org name, is recorded at ERROR and acked', async () => {
    const mismatch = { ...critical(), org: 'beta-stg' };
    assert.deepEqual(await route(mismatch), { kind: 'malformed', reason: 'org mismatch' });
    const badOrg = { ...critical(), org: 'acme/prod' };
    assert.deepEqual(await route(badOrg), { kind: 'malformed', reason: 'org name' });
    assert.deepEqual(
      world.logs
        .entries()
        .filter((e) => e.severity === 'ERROR')
        .map((e) => e.message),
      ['event org mismatch', 'event has an unusable org name'],
    );
    assert.deepEqual(world.faults.reached, []);
  });
});
