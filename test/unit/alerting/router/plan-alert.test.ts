import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { alertFactsOf } from '../../../../shared/alerting/router/alert-facts';
import type { AlertState } from '../../../../shared/alerting/router/alert-state';
import { notificationId } from '../../../../shared/alerting/router/build-notification';
import type { HostRecord } from '../../../../shared/alerting/router/host-record';
import { type AlertPlan, planAlert } from '../../../../shared/alerting/router/plan-alert';
import type { RouterRoutingConfig } from '../../../../shared/alerting/router/router-ports';
import type { MackerelEventMessage } from '../../../../shared/mackerel/webhook/mackerel-event-message';
import { parseWebhookBody } from '../../../../shared/mackerel/webhook/parse-webhook';
import type { Inhibition } from '../../../../shared/routing/inhibition/inhibition';
import { routingTargetOf } from '../../../../shared/routing/routing-target';
import { timeIntervalSchema } from '../../../../shared/routing/time-intervals/time-interval-schema';
import type { InMemoryRouting } from '../../../support/fakes/in-memory-routing';
import { acmeOrg, eventMessage, ORG, routerWorld, withAlert, withHost } from '../../../support/router-world';

/** When the test's events arrived: what a body without a plausible time is timed by. */
const RECEIVED_AT_SECONDS = 1_767_225_600;

const T = 1767225600; // 2026-01-01T00:00:00Z
const NOW = new Date('2026-01-01T01:00:00Z');

const critical = (patch?: (b: Record<string, unknown>) => void) =>
  eventMessage('alert-host-critical.json', { patch });
const warning = (at = T) =>
  eventMessage('alert-host-critical.json', { patch: withAlert({ status: 'warning', statusChangedAt: at }) });
const criticalAt = (at: number) => critical(withAlert({ statusChangedAt: at }));
const ok = () => eventMessage('alert-host-ok.json');

let routing: InMemoryRouting;
let config: RouterRoutingConfig;

async function configure(setup: (r: InMemoryRouting) => void = () => {}): Promise<void> {
  routing = routerWorld().routing;
  routing
    .putRoute({
      id: 'web-team',
      name: 'shop web team',
      order: 10,
      match: { services: ['shop'] },
      recipients: { to: ['web@acme.example'], cc: ['lead@acme.example'] },
      repeatIntervalSeconds: 3600,
    })
    .putMspRoute({
      id: 'noc',
      name: 'NOC criticals',
      order: 10,
      match: { minSeverity: 'critical' },
      recipients: { to: ['noc@msp.example'] },
      repeatIntervalSeconds: 7200,
    });
  setup(routing);
  config = await routing.load();
}

function plan(
  message: MackerelEventMessage,
  current: AlertState | undefined,
  options: { now?: Date; host?: HostRecord; config?: RouterRoutingConfig; inhibition?: Inhibition } = {},
): AlertPlan {
  const parsed = parseWebhookBody(message.body);
  if (!parsed.ok) assert.fail('bad body');
  const facts = alertFactsOf(parsed.event, message.org, RECEIVED_AT_SECONDS);
  assert.ok(facts);
  return planAlert({
    org: message.org,
    dedupKey: message.dedupKey,
    correlationId: message.correlationId,
    receivedAt: message.receivedAt,
    facts,
    target: routingTargetOf(parsed.event, message.org),
    current,
    config: options.config ?? config,
    host: options.host,
    inhibition: options.inhibition,
    now: options.now ?? NOW,
  });
}

/** Plans the events in order, carrying the state (as the router does after each write). */
function run(
  messages: MackerelEventMessage[],
  now = NOW,
): { state: AlertState | undefined; plans: AlertPlan[] } {
  let state: AlertState | undefined;
  const plans: AlertPlan[] = [];
  for (const message of messages) {
    const p = plan(message, state, { now });
    plans.push(p);
    if (p.next) state = { ...p.next, outbox: {} };
  }
  return { state, plans };
}

const kinds = (p: AlertPlan) => p.notifications.map((n) => `${n.kind}:${n.routeId}`).sort();

beforeEach(() => configure());

describe('planAlert: opening and routing', () => {
  it('a new critical goes to every matched route, with the route recipients and the org language', () => {
    const message = critical();
    const p = plan(message, undefined);
    assert.equal(p.transition, 'opened');
    assert.deepEqual(kinds(p), ['alert:msp:noc', 'alert:org:web-team']);
    const web = p.notifications.find((n) => n.routeId === 'org:web-team');
    assert.ok(web);
    assert.deepEqual(web.recipients, { to: ['web@acme.example'], cc: ['lead@acme.example'] });
    assert.equal(web.language, 'ja');
    assert.equal(web.org, ORG);
    assert.equal(web.correlationId, message.correlationId);
    assert.equal(
      web.id,
      notificationId({ org: ORG, dedupKey: message.dedupKey, routeKey: 'org:web-team', kind: 'alert' }),
    );
    const [alert] = web.alerts;
    assert.equal(alert?.target, 'web01');
    assert.equal(alert?.orgDisplayName, 'ACME (prod)');
    assert.equal(alert?.status, 'critical');
    assert.equal(alert?.previousStatus, undefined);
    assert.ok(p.next);
    assert.deepEqual(Object.keys(p.next.notifiedRoutes).sort(), ['msp:noc', 'org:web-team']);
    assert.deepEqual(Object.keys(p.next.outbox).sort(), p.notifications.map((n) => n.id).sort());
    assert.equal(p.next.lastNotifiedAt, NOW.toISOString());
    assert.equal(p.next.suppression, null);
    assert.equal(p.next.isOpen, true);
    assert.equal(p.next.target, 'web01');
    assert.equal(p.next.hostId, '3xHostA1b2C');
  });

  it('the same decision always produces the same notifications (ids included)', () => {
    assert.deepEqual(plan(critical(), undefined), plan(critical(), undefined));
  });

  it('an alert no route matches is recorded, with the reasons, and mails nobody', async () => {
    await configure((r) => {
      r.routes = [];
      r.mspRoutes = [];
    });
    const p = plan(critical(), undefined);
    assert.equal(p.transition, 'opened');
    assert.deepEqual(p.notifications, []);
    assert.deepEqual(p.routed?.matched, []);
    assert.deepEqual(p.next?.notifiedRoutes, {});
  });

  it('the default route applies when no org route matched', async () => {
    await configure((r) => {
      r.routes = [];
      r.setDefaultRoute({ recipients: { to: ['oncall@acme.example'] } });
    });
    assert.deepEqual(kinds(plan(critical(), undefined)), ['alert:default', 'alert:msp:noc']);
  });

  it('without an org record: English, and the org name as display name', async () => {
    const p = plan(critical(), undefined, { config: { ...config, org: undefined } });
    assert.equal(p.notifications[0]?.language, 'en');
    assert.equal(p.notifications[0]?.alerts[0]?.orgDisplayName, ORG);
  });

  it('an alert group is routed like a host-less alert', async () => {
    await configure((r) =>
      r.putRoute({
        id: 'alerts-only',
        name: 'alerts only',
        order: 1,
        continue: true,
        match: { eventTypes: ['alert'] },
        recipients: { to: ['alerts@acme.example'] },
      }),
    );
    const p = plan(eventMessage('alertGroup-open.json'), undefined);
    assert.equal(p.transition, 'opened');
    // web-team asks for service shop, which an alert group does not carry; alerts-only asks for alerts.
    assert.deepEqual(kinds(p), ['alert:msp:noc']);
    assert.equal(p.notifications[0]?.alerts[0]?.target, 'shop outage');
    assert.equal(p.next?.kind, 'alertGroup');
  });
});

describe('planAlert: time intervals', () => {
  it('a route muted by its time interval notifies nobody; the other routes still do, and the log says why', () => {
    const night = timeIntervalSchema.parse({
      id: 'night',
      spans: [{ times: [{ start: '00:00', end: '06:00' }] }],
    });
    const timed: RouterRoutingConfig = {
      ...config,
      orgRoutes: config.orgRoutes.map((r) => ({ ...r, muteTimeIntervals: ['night'] })),
      timeIntervals: [night],
    };
    // 01:00 UTC is 10:00 JST: not night, so both routes notify.
    assert.deepEqual(kinds(plan(critical(), undefined, { config: timed })), [
      'alert:msp:noc',
      'alert:org:web-team',
    ]);
    // 2026-01-01T16:00Z is 01:00 JST.
    const atNight = plan(critical(), undefined, { config: timed, now: new Date('2026-01-01T16:00:00Z') });
    assert.deepEqual(kinds(atNight), ['alert:msp:noc']);
    const reasons = atNight.routed?.notMatched.find((r) => r.key === 'org:web-team')?.reasons ?? [];
    assert.match(reasons.at(-1) ?? '', /muted by "night" until 2026-01-02 06:00 JST/);
  });
});

describe('planAlert: routes that hold while muted', () => {
  const night = timeIntervalSchema.parse({
    id: 'night',
    spans: [{ times: [{ start: '00:00', end: '06:00' }] }],
  });
  const holding = (): RouterRoutingConfig => ({
    ...config,
    orgRoutes: config.orgRoutes.map((r) => ({
      ...r,
      muteTimeIntervals: ['night'],
      whileMuted: 'hold' as const,
    })),
    timeIntervals: [night],
  });
  const ONE_JST = new Date('2026-01-01T16:00:00Z'); // 01:00 JST on the 2nd; the mute ends 06:00 JST
  const UNTIL = '2026-01-01T21:00:00.000Z';

  it('at night the holding route gets its alert marked held until the mute ends; by day it is sent as usual', () => {
    const byDay = plan(critical(), undefined, { config: holding() });
    assert.ok(byDay.notifications.every((n) => n.heldUntil === undefined));
    const atNight = plan(critical(), undefined, { config: holding(), now: ONE_JST });
    assert.deepEqual(kinds(atNight), ['alert:msp:noc', 'alert:org:web-team']);
    const team = atNight.notifications.find((n) => n.routeId === 'org:web-team');
    assert.equal(team?.heldUntil, UNTIL);
    assert.equal(atNight.notifications.find((n) => n.routeId === 'msp:noc')?.heldUntil, undefined);
    assert.equal(atNight.next?.notifiedRoutes['org:web-team']?.heldUntil, UNTIL);
  });

  it('a recovery before the mute ends is held too; nothing repeats while held; after it, the recovery is sent', () => {
    const timed = holding();
    const opened = plan(critical(), undefined, { config: timed, now: ONE_JST });
    const state = { ...(opened.next as AlertState), outbox: {} };
    const again = plan(critical(withAlert({ statusChangedAt: T + 1 })), state, {
      config: timed,
      now: new Date('2026-01-01T20:00:00Z'),
    });
    assert.ok(!again.notifications.some((n) => n.kind === 'repeat' && n.routeId === 'org:web-team'));
    const recoveredAtNight = plan(ok(), state, { config: timed, now: new Date('2026-01-01T17:00:00Z') });
    assert.equal(recoveredAtNight.notifications.find((n) => n.routeId === 'org:web-team')?.heldUntil, UNTIL);
    const recoveredByDay = plan(ok(), state, { config: timed, now: new Date('2026-01-01T22:00:00Z') });
    const sent = recoveredByDay.notifications.find((n) => n.routeId === 'org:web-team');
    assert.equal(sent?.kind, 'recovery');
    assert.equal(sent?.heldUntil, undefined);
  });
});

describe('planAlert: changes of an open alert', () => {
  it('warning -> critical notifies again (escalation), with the previous status; the NOC joins', () => {
    const { state, plans } = run([warning(T), criticalAt(T + 60)]);
    assert.deepEqual(kinds(plans[0] as AlertPlan), ['alert:org:web-team']);
    const escalation = plans[1] as AlertPlan;
    assert.equal(escalation.transition, 'escalated');
    assert.deepEqual(kinds(escalation), ['alert:msp:noc', 'alert:org:web-team']);
    assert.ok(escalation.notifications.every((n) => n.alerts[0]?.previousStatus === 'warning'));
    assert.deepEqual(Object.keys(state?.notifiedRoutes ?? {}).sort(), ['msp:noc', 'org:web-team']);
  });

  it('critical -> warning notifies the routes matching now (changed)', () => {
    const { state, plans } = run([critical(), warning(T + 60)]);
    const change = plans[1] as AlertPlan;
    assert.equal(change.transition, 'changed');
    assert.deepEqual(kinds(change), ['alert:org:web-team']);
    assert.equal(change.notifications[0]?.alerts[0]?.previousStatus, 'critical');
    // The NOC was told of the critical: it stays on the list for the recovery.
    assert.ok(state?.notifiedRoutes['msp:noc']);
  });

  it('the identical event again (same dedup key) changes and sends nothing', () => {
    const { state } = run([critical()]);
    const again = plan(critical(), state);
    assert.equal(again.transition, 'duplicate');
    assert.equal(again.next, undefined);
    assert.deepEqual(again.notifications, []);
  });

  it('an older event after a newer one is stale: no state change, no mail', () => {
    const { state } = run([criticalAt(T + 60)]);
    const late = plan(warning(T), state);
    assert.equal(late.transition, 'stale');
    assert.equal(late.next, undefined);
    assert.deepEqual(late.notifications, []);
  });
});

describe('planAlert: recoveries', () => {
  it('OK after CRITICAL goes to exactly the recipients notified, even after the route changed', async () => {
    const { state } = run([critical()]);
    await configure((r) => {
      r.putRoute({
        id: 'web-team',
        name: 'shop web team (new people)',
        order: 10,
        match: { services: ['shop'] },
        recipients: { to: ['someone-else@acme.example'] },
      });
      r.mspRoutes = [];
    });
    const recovery = plan(ok(), state);
    assert.equal(recovery.transition, 'recovered');
    assert.deepEqual(kinds(recovery), ['recovery:msp:noc', 'recovery:org:web-team']);
    const web = recovery.notifications.find((n) => n.routeId === 'org:web-team');
    assert.deepEqual(web?.recipients, { to: ['web@acme.example'], cc: ['lead@acme.example'] });
    const [alert] = web?.alerts ?? [];
    assert.equal(alert?.status, 'ok');
    assert.equal(alert?.previousStatus, 'critical');
    assert.equal(alert?.closedAt, 1767226500);
    assert.equal(recovery.next?.isOpen, false);
    assert.equal(recovery.next?.closedAt, 1767226500);
  });

  it('OK before CRITICAL: the OK mails nobody (nobody was told), the late critical is stale', () => {
    const { state, plans } = run([ok(), critical()]);
    assert.equal(plans[0]?.transition, 'recovered');
    assert.deepEqual(plans[0]?.notifications, []);
    assert.equal(plans[1]?.transition, 'stale');
    assert.deepEqual(plans[1]?.notifications, []);
    assert.equal(state?.isOpen, false);
  });

  it('a recovery is mailed even while the host is in maintenance or silenced', async () => {
    const { state } = run([critical()]);
    await configure((r) =>
      r.putSilence({
        id: 'all-web',
        org: ORG,
        matchers: { hostNameGlob: 'web*' },
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2026-01-02T00:00:00Z',
        createdBy: 'ops@msp.example',
        comment: 'migration',
      }),
    );
    const recovery = plan(
      eventMessage('alert-host-ok.json', { patch: withHost({ status: 'maintenance' }) }),
      state,
    );
    assert.equal(recovery.notifications.length, 2);
    assert.equal(recovery.suppression, undefined);
  });
});

describe('planAlert: repeats', () => {
  it('the same status reported again repeats to each told route once its interval has passed', () => {
    const { state } = run([critical()]);
    // 30 min later: nothing due (web-team repeats hourly, the NOC every 2 h); the time advances.
    const early = plan(criticalAt(T + 1800), state, { now: new Date(NOW.getTime() + 1800_000) });
    assert.equal(early.transition, 'duplicate');
    assert.deepEqual(early.notifications, []);
    assert.equal(early.next?.eventTimeSeconds, T + 1800);
    // 90 min later: web-team is due, the NOC is not.
    const later = plan(criticalAt(T + 5400), state, { now: new Date(NOW.getTime() + 5400_000) });
    assert.deepEqual(kinds(later), ['repeat:org:web-team']);
    assert.equal(later.notifications[0]?.alerts[0]?.status, 'critical');
    assert.equal(later.next?.notifiedRoutes['org:web-team']?.lastKind, 'repeat');
    assert.equal(later.next?.notifiedRoutes['msp:noc']?.lastKind, 'alert');
  });

  it('no repeat while the alert is muted', async () => {
    const { state } = run([critical()]);
    const muted = plan(
      eventMessage('alert-host-critical.json', {
        patch: (b) => {
          withAlert({ statusChangedAt: T + 7200 })(b);
          withHost({ status: 'maintenance' })(b);
        },
      }),
      state,
      { now: new Date(NOW.getTime() + 7200_000) },
    );
    assert.deepEqual(muted.notifications, []);
    assert.equal(muted.suppression?.kind, 'maintenance');
  });
});

describe('planAlert: suppression', () => {
  const inventory = (status: string, lastEventAt: string): HostRecord => ({
    version: 1,
    org: ORG,
    hostId: '3xHostA1b2C',
    name: 'web01',
    status,
    roles: ['shop:web'],
    retired: false,
    retiredAt: null,
    registeredAt: null,
    lastEvent: 'hostStatus',
    lastEventAt,
    lastDedupKey: 'k'.repeat(32),
    updatedAt: lastEventAt,
  });

  it('no mail while the webhook says the host is in maintenance; why is recorded', () => {
    const p = plan(critical(withHost({ status: 'maintenance' })), undefined);
    assert.equal(p.transition, 'opened');
    assert.deepEqual(p.notifications, []);
    assert.deepEqual(p.next?.suppression, {
      kind: 'maintenance',
      hostId: '3xHostA1b2C',
      hostName: 'web01',
      source: 'event',
    });
    assert.deepEqual(p.next?.notifiedRoutes, {});
  });

  it('no mail while the inventory learned of maintenance after the alert changed', () => {
    const p = plan(critical(), undefined, { host: inventory('maintenance', '2026-01-01T00:10:00Z') });
    assert.deepEqual(p.notifications, []);
    assert.equal(p.suppression?.kind, 'maintenance');
    assert.equal(p.suppression?.kind === 'maintenance' && p.suppression.source, 'inventory');
  });

  it('an inventory status older than the alert is overruled by the webhook', () => {
    const p = plan(critical(), undefined, { host: inventory('maintenance', '2025-12-31T23:00:00Z') });
    assert.equal(p.notifications.length, 2);
  });

  const silence = (startsAt: string, endsAt: string) => (r: InMemoryRouting) =>
    r.putSilence({
      id: 'web-maint',
      org: ORG,
      matchers: { hostNameGlob: 'web*' },
      startsAt,
      endsAt,
      createdBy: 'ops@msp.example',
      comment: 'kernel update',
    });

  it('no mail while a silence applies; the silence is recorded', async () => {
    await configure(silence('2026-01-01T00:00:00Z', '2026-01-01T02:00:00Z'));
    const p = plan(critical(), undefined);
    assert.deepEqual(p.notifications, []);
    assert.deepEqual(p.next?.suppression, {
      kind: 'silence',
      silenceId: 'web-maint',
      endsAt: '2026-01-01T02:00:00Z',
      createdBy: 'ops@msp.example',
      comment: 'kernel update',
    });
  });

  it('a silence not yet started, or over, or for other hosts mutes nothing', async () => {
    for (const setup of [
      silence('2026-01-01T02:00:00Z', '2026-01-01T03:00:00Z'),
      silence('2025-12-31T00:00:00Z', '2026-01-01T00:30:00Z'),
      (r: InMemoryRouting) =>
        r.putSilence({
          id: 'db',
          org: ORG,
          matchers: { hostNameGlob: 'db*' },
          startsAt: '2026-01-01T00:00:00Z',
          endsAt: '2026-01-02T00:00:00Z',
          createdBy: 'ops@msp.example',
          comment: 'db only',
        }),
    ]) {
      await configure(setup);
      assert.equal(plan(critical(), undefined).notifications.length, 2);
    }
  });

  it('an alert muted when it opened is mailed when reported again after the mute ended', async () => {
    await configure(silence('2026-01-01T00:00:00Z', '2026-01-01T01:30:00Z'));
    const { state } = run([critical()]);
    assert.equal(state?.suppression?.kind, 'silence');
    const after = plan(criticalAt(T + 7200), state, { now: new Date('2026-01-01T02:00:00Z') });
    assert.equal(after.transition, 'duplicate');
    assert.deepEqual(kinds(after), ['alert:msp:noc', 'alert:org:web-team']);
    assert.equal(after.next?.suppression, null);
  });

  it('an alert muted all along recovers without mail', async () => {
    await configure(silence('2026-01-01T00:00:00Z', '2026-01-01T02:00:00Z'));
    const { plans } = run([critical(), ok()]);
    assert.equal(plans[1]?.transition, 'recovered');
    assert.deepEqual(plans[1]?.notifications, []);
  });
});

describe('planAlert: inhibition (worked out by the router among the open alerts, passed in)', () => {
  const hostDown: Inhibition = {
    ruleId: 'host-down',
    ruleName: "connectivity lost: the host's other alerts wait",
    sourceAlertId: '4AlrtConn01',
    sourceMonitorName: 'connectivity',
  };

  it('an inhibited alert is recorded, with the rule and the source, and nobody is told', () => {
    const p = plan(critical(), undefined, { inhibition: hostDown });
    assert.equal(p.transition, 'opened');
    assert.deepEqual(p.notifications, []);
    assert.equal(p.routed, undefined);
    const expected = { kind: 'inhibition', ...hostDown };
    assert.deepEqual(p.suppression, expected);
    assert.deepEqual(p.next?.suppression, expected);
    assert.deepEqual(p.next?.notifiedRoutes, {});
    assert.deepEqual(p.next?.outbox, {});
    assert.equal(p.next?.status, 'critical');
  });

  it('maintenance and silences are named before an inhibition', () => {
    const p = plan(critical(withHost({ status: 'maintenance' })), undefined, { inhibition: hostDown });
    assert.equal(p.suppression?.kind, 'maintenance');
  });

  it('reported again once the inhibition is over: the first anyone hears of it', () => {
    const inhibited = plan(critical(), undefined, { inhibition: hostDown }).next;
    assert.ok(inhibited);
    const again = plan(criticalAt(T + 600), { ...inhibited, outbox: {} });
    assert.equal(again.transition, 'duplicate');
    assert.deepEqual(kinds(again), ['alert:msp:noc', 'alert:org:web-team']);
    assert.equal(again.next?.suppression, null);
    const still = plan(criticalAt(T + 600), { ...inhibited, outbox: {} }, { inhibition: hostDown });
    assert.deepEqual(still.notifications, []);
    assert.equal(still.next?.suppression?.kind, 'inhibition');
  });

  it('an alert inhibited all along recovers without mail', () => {
    const inhibited = plan(critical(), undefined, { inhibition: hostDown }).next;
    assert.ok(inhibited);
    const closed = plan(ok(), { ...inhibited, outbox: {} });
    assert.equal(closed.transition, 'recovered');
    assert.deepEqual(closed.notifications, []);
    assert.equal(closed.next?.suppression, null);
  });
});

describe('planAlert: the org record', () => {
  it('language and display name come from the org record', async () => {
    await configure((r) => {
      r.org = acmeOrg({ language: 'en', displayName: 'ACME Corp.' });
    });
    const [n] = plan(critical(), undefined).notifications;
    assert.equal(n?.language, 'en');
    assert.equal(n?.alerts[0]?.orgDisplayName, 'ACME Corp.');
  });
});
