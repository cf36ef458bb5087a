import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { AlertSubject } from '../../../../shared/alerting/router/alert-state';
import { notificationId } from '../../../../shared/alerting/router/build-notification';
import { isUnmuteCandidate, planUnmute } from '../../../../shared/alerting/router/plan-unmute';
import {
  type RepeatSweepRequest,
  repeatSweepRequestSchema,
} from '../../../../shared/alerting/router/repeat-sweep-request';
import { routeEvent } from '../../../../shared/alerting/router/route-event';
import { ROUTER_TOPICS } from '../../../../shared/alerting/router/router-topics';
import { sweepRepeats } from '../../../../shared/alerting/router/sweep-repeats';
import type { MackerelEventMessage } from '../../../../shared/mackerel/webhook/mackerel-event-message';
import { HOST_DOWN_INHIBITS_HOST_ALERTS } from '../../../../shared/routing/inhibition/host-down-rule';
import {
  acmeOrg,
  eventMessage,
  ORG,
  type RouterWorld,
  routerWorld,
  withAlert,
  withHost,
} from '../../../support/router-world';

/**
 * Inhibition end to end through the router and the repeat sweep (in memory): the host-down rule, a
 * connectivity alert (the source) and a CPU alert (the target) of the same host, in every order.
 */

const T = 1767225600; // 2026-01-01T00:00:00Z
const HOUR_MS = 3_600_000;
const WEB01 = { id: '3xHostA1b2C', name: 'web01' };
const CPU: AlertSubject = { kind: 'alert', id: '4AlrtQ9zZz1' };
const DOWN: AlertSubject = { kind: 'alert', id: '4AlrtConn01' };
const RULE_NAME = "connectivity lost: the host's other alerts wait";

const at = (minutes: number) => new Date(T * 1000 + minutes * 60_000).toISOString();

const cpu = (minute = 1, patch: (b: Record<string, unknown>) => void = () => {}) =>
  eventMessage('alert-host-critical.json', {
    receivedAt: at(minute),
    patch: (body) => {
      withAlert({ statusChangedAt: T + minute * 60 })(body);
      patch(body);
    },
  });
const cpuClosed = (minute: number) =>
  eventMessage('alert-host-ok.json', {
    receivedAt: at(minute),
    patch: withAlert({ statusChangedAt: T + minute * 60 }),
  });
/** The host's connectivity alert (its own id, or another one of the same host). */
const down = (minute: number, open = true, id = DOWN.id) =>
  eventMessage('alert-connectivity.json', {
    receivedAt: at(minute),
    patch: (body) => {
      withHost(WEB01)(body);
      withAlert({
        id,
        statusChangedAt: T + minute * 60,
        ...(open ? {} : { status: 'ok', isOpen: false, closedAt: T + minute * 60 }),
      })(body);
    },
  });

let world: RouterWorld;

beforeEach(() => {
  world = routerWorld(new Date(at(60)));
  world.routing
    .putRoute({
      id: 'web-team',
      name: 'shop web team',
      order: 10,
      match: { services: ['shop'] },
      recipients: { to: ['web@acme.example'] },
      repeatIntervalSeconds: 3600,
    })
    .putMspRoute({
      id: 'noc',
      name: 'NOC criticals',
      order: 10,
      match: { minSeverity: 'critical' },
      recipients: { to: ['noc@msp.example'] },
      repeatIntervalSeconds: 3600,
    })
    .putInhibitRule(HOST_DOWN_INHIBITS_HOST_ALERTS);
});

const route = (message: MackerelEventMessage) => routeEvent(world.deps(), message);
const later = (ms: number) => {
  world.now = new Date(world.now.getTime() + ms);
};
/** An org sweep must not list orgs; a scheduled one sweeps ORG. */
const sweep = (request: RepeatSweepRequest = { reason: 'inhibition-released', org: ORG }) =>
  sweepRepeats(
    {
      ...world.deps(),
      orgNames: async () => {
        if (request.org !== undefined) throw new Error('an org sweep lists no orgs');
        return [ORG];
      },
    },
    request,
  );
const about = (subject: AlertSubject) =>
  world.notifications().filter((n) => n.alerts.some((a) => a.alertId === subject.id));
const kindsAbout = (subject: AlertSubject) => about(subject).map((n) => `${n.kind}:${n.routeId}`);
const sweepRequests = () =>
  world.publisher.published
    .filter((m) => m.topic === ROUTER_TOPICS.repeatSweepRequests)
    .map((m) => repeatSweepRequestSchema.parse(JSON.parse(m.data.toString('utf8'))));
const cpuState = () => world.alerts.state(ORG, CPU);

describe('inhibition: the source opens first', () => {
  it("the host's CPU alert is recorded as inhibited and nobody is told; the source is mailed", async () => {
    await route(down(0));
    const outcome = await route(cpu(1));
    assert.equal(outcome.kind, 'alert');
    assert.equal(
      outcome.kind === 'alert' && outcome.suppressed,
      `inhibited by rule "${RULE_NAME}" while alert 4AlrtConn01 ("connectivity") is open`,
    );
    assert.deepEqual(kindsAbout(CPU), []);
    assert.deepEqual(kindsAbout(DOWN).sort(), ['alert:msp:noc', 'alert:org:web-team']);
    assert.deepEqual(cpuState()?.suppression, {
      kind: 'inhibition',
      ruleId: 'host-down',
      ruleName: RULE_NAME,
      sourceAlertId: DOWN.id,
      sourceMonitorName: 'connectivity',
    });
    assert.match(world.alerts.events(ORG, CPU)[0]?.suppressedBy ?? '', /^inhibited by rule/);
    assert.deepEqual(sweepRequests(), []);
  });

  it('the source closes: the router asks for a sweep of the org, which mails the CPU alert once', async () => {
    await route(down(0));
    await route(cpu(1));
    const closed = await route(down(10, false));
    assert.equal(closed.kind === 'alert' && closed.releaseRequested, true);
    assert.deepEqual(sweepRequests(), [{ reason: 'inhibition-released', org: ORG }]);
    assert.deepEqual(kindsAbout(CPU), [], 'the router itself mails nothing of it');

    const result = await sweep();
    assert.equal(result.unmuted, 1);
    assert.deepEqual(kindsAbout(CPU).sort(), ['alert:msp:noc', 'alert:org:web-team']);
    // Ids a racing or redelivered sweep decides alike: from the latest event the state applied.
    const expectedIds = ['msp:noc', 'org:web-team'].map((routeKey) =>
      notificationId({ org: ORG, dedupKey: `unmuted:${cpu(1).dedupKey}`, routeKey, kind: 'alert' }),
    );
    assert.deepEqual(
      world
        .notificationIds()
        .filter((id) => expectedIds.includes(id))
        .sort(),
      expectedIds.sort(),
    );
    assert.equal(about(CPU)[0]?.alerts[0]?.message, 'CPU % 97.5 > 90');
    assert.equal(about(CPU)[0]?.alerts[0]?.previousStatus, undefined);
    const state = cpuState();
    assert.equal(state?.suppression, null);
    assert.deepEqual(Object.keys(state?.notifiedRoutes ?? {}).sort(), ['msp:noc', 'org:web-team']);
    assert.deepEqual(state?.outbox, {});

    assert.equal((await sweep()).unmuted, 0);
    await sweep({ reason: 'schedule' });
    assert.equal(about(CPU).length, 2, 'a second sweep sends nothing more');
    // Told now, so its recovery goes to both.
    await route(cpuClosed(20));
    assert.deepEqual(kindsAbout(CPU).slice(2).sort(), ['recovery:msp:noc', 'recovery:org:web-team']);
  });

  it('while another source of the host stands: still inhibited, now naming it; mailed when it closes', async () => {
    await route(down(0));
    await route(down(0, true, '4AlrtConn02'));
    await route(cpu(1));
    const first = cpuState()?.suppression;
    assert.equal(first?.kind === 'inhibition' && first.sourceAlertId, DOWN.id, 'the first source by id');
    await route(down(10, false));
    const result = await sweep();
    assert.equal(result.unmuted, 0);
    assert.deepEqual(kindsAbout(CPU), []);
    const suppression = cpuState()?.suppression;
    assert.equal(suppression?.kind === 'inhibition' && suppression.sourceAlertId, '4AlrtConn02');
    await route(down(11, false, '4AlrtConn02'));
    assert.equal((await sweep()).unmuted, 1);
    assert.equal(about(CPU).length, 2);
  });

  it('two connectivity alerts of one host do not inhibit each other', async () => {
    await route(down(0));
    await route(down(1, true, '4AlrtConn02'));
    assert.equal(world.alerts.state(ORG, { kind: 'alert', id: '4AlrtConn02' })?.suppression, null);
  });
});

describe('inhibition: the target opens first', () => {
  it('the CPU alert was told; while the source stands its repeats wait, and resume once it closes', async () => {
    await route(cpu(1));
    assert.equal(about(CPU).length, 2);
    await route(down(2));
    later(2 * HOUR_MS);
    const muted = await sweep({ reason: 'schedule' });
    assert.ok(muted.muted >= 1);
    assert.deepEqual(
      kindsAbout(CPU).filter((k) => k.startsWith('repeat')),
      [],
    );
    assert.deepEqual(
      kindsAbout(DOWN)
        .filter((k) => k.startsWith('repeat'))
        .sort(),
      ['repeat:msp:noc', 'repeat:org:web-team'],
    );
    await route(down(150, false));
    assert.deepEqual(sweepRequests(), [{ reason: 'inhibition-released', org: ORG }]);
    await sweep();
    assert.deepEqual(
      kindsAbout(CPU)
        .filter((k) => k.startsWith('repeat'))
        .sort(),
      ['repeat:msp:noc', 'repeat:org:web-team'],
    );
  });

  it('a target closing asks for no sweep', async () => {
    await route(down(0));
    await route(cpu(1));
    const outcome = await route(cpuClosed(5));
    assert.equal(outcome.kind === 'alert' && outcome.releaseRequested, false);
    assert.deepEqual(sweepRequests(), []);
    assert.deepEqual(kindsAbout(CPU), [], 'inhibited all along: nobody to tell of its recovery');
  });
});

describe('inhibition: events reordered', () => {
  it("the source's recovery before its critical: the late critical is stale, nothing inhibits", async () => {
    await route(down(10, false));
    await route(down(0));
    await route(cpu(11));
    assert.deepEqual(kindsAbout(CPU).sort(), ['alert:msp:noc', 'alert:org:web-team']);
    assert.deepEqual(sweepRequests(), [], 'the source never stood');
  });

  it('a target changed before the source opened but reported after it: inhibited (what stands now counts)', async () => {
    await route(down(5));
    await route(cpu(1));
    assert.equal(cpuState()?.suppression?.kind, 'inhibition');
  });

  it('a target reported after the source closed is mailed by the router as usual', async () => {
    await route(down(0));
    await route(down(3, false));
    await route(cpu(4));
    assert.equal(about(CPU).length, 2);
  });
});

describe('inhibition: crash safety and cost', () => {
  it('a sweep request lost to a crash: the redelivery asks nothing, the scheduled sweep releases', async () => {
    await route(down(0));
    await route(cpu(1));
    world.publisher.failIf = (m) => m.topic === ROUTER_TOPICS.repeatSweepRequests;
    await assert.rejects(route(down(10, false)));
    world.publisher.failIf = undefined;
    const redelivered = await route(down(10, false));
    assert.equal(redelivered.kind === 'alert' && redelivered.releaseRequested, false);
    assert.equal((await sweep({ reason: 'schedule' })).unmuted, 1);
    assert.equal(about(CPU).length, 2);
  });

  it('no open alerts are read for an org without rules, nor for an alert no rule targets', async () => {
    let reads = 0;
    const listOpen = world.alerts.listOpen.bind(world.alerts);
    world.alerts.listOpen = (org) => {
      reads++;
      return listOpen(org);
    };
    world.routing.inhibitRules = [];
    await route(cpu(1));
    world.routing.putInhibitRule({ ...HOST_DOWN_INHIBITS_HOST_ALERTS, target: { alertTypes: ['check'] } });
    await route(down(2));
    assert.equal(reads, 0);
    world.routing.putInhibitRule(HOST_DOWN_INHIBITS_HOST_ALERTS);
    await route(cpu(3));
    assert.equal(reads, 1);
  });
});

describe('muted alerts the sweep mails once the mute is over (a side effect of the release)', () => {
  it('a silence ends: the next scheduled sweep mails the alert it muted', async () => {
    world.routing.putSilence({
      id: 'web-maint',
      org: ORG,
      matchers: { hostNameGlob: 'web*' },
      startsAt: at(0),
      endsAt: at(90),
      createdBy: 'ops@msp.example',
      comment: 'kernel update',
    });
    await route(cpu(1));
    assert.equal(cpuState()?.suppression?.kind, 'silence');
    assert.deepEqual(await sweep({ reason: 'schedule' }), {
      orgs: 1,
      open: 1,
      repeats: 0,
      unmuted: 0,
      muted: 1,
      conflicts: 0,
    });
    later(31 * 60_000);
    assert.equal((await sweep({ reason: 'schedule' })).unmuted, 1);
    assert.deepEqual(kindsAbout(CPU).sort(), ['alert:msp:noc', 'alert:org:web-team']);
  });

  it('a silence ends under an inhibition: the suppression now names the inhibition, nobody is told', async () => {
    world.routing.putSilence({
      id: 'web-maint',
      org: ORG,
      matchers: { hostNameGlob: 'web*' },
      startsAt: at(0),
      endsAt: at(90),
      createdBy: 'ops@msp.example',
      comment: 'kernel update',
    });
    await route(down(0));
    await route(cpu(1));
    assert.equal(cpuState()?.suppression?.kind, 'silence');
    later(31 * 60_000);
    await sweep({ reason: 'schedule' });
    assert.equal(cpuState()?.suppression?.kind, 'inhibition');
    assert.deepEqual(kindsAbout(CPU), []);
  });

  it('maintenance ends: the alert the webhook said was in maintenance is mailed once the host works again', async () => {
    await route(cpu(1, withHost({ status: 'maintenance' })));
    assert.equal(cpuState()?.suppression?.kind, 'maintenance');
    assert.equal((await sweep({ reason: 'schedule' })).unmuted, 0);
    await route(
      eventMessage('hostStatus.json', { receivedAt: at(30), patch: withHost({ status: 'working' }) }),
    );
    assert.equal((await sweep({ reason: 'schedule' })).unmuted, 1);
    assert.equal(about(CPU).length, 2);
  });

  it('only open alerts muted when they opened that nobody was told of are looked at again', async () => {
    await route(cpu(1, withHost({ status: 'maintenance' })));
    const muted = cpuState();
    assert.ok(muted);
    assert.equal(isUnmuteCandidate(muted), true);
    assert.equal(isUnmuteCandidate({ ...muted, isOpen: false, status: 'ok' }), false);
    assert.equal(isUnmuteCandidate({ ...muted, suppression: null }), false);
    await route(down(2, true, 'told-then-muted'));
    const told = world.alerts.state(ORG, { kind: 'alert', id: 'told-then-muted' });
    assert.ok(told);
    assert.equal(
      isUnmuteCandidate({ ...told, suppression: muted.suppression }),
      false,
      'repeats are planRepeats',
    );
    world.routing.org = acmeOrg({ enabled: false });
    const plan = planUnmute({
      state: muted,
      config: await world.routing.load(),
      host: undefined,
      inhibition: null,
      correlationId: 'c',
      now: world.now,
    });
    assert.deepEqual(plan, { kind: 'none' });
  });
});
