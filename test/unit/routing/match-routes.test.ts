import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWebhookBody } from '../../../shared/mackerel/webhook/parse-webhook';
import { evaluateMatch } from '../../../shared/routing/evaluate-match';
import { matchRoutes, type RouteDecision } from '../../../shared/routing/match-routes';
import {
  type DefaultRoute,
  defaultRouteSchema,
  type MspRoute,
  type MspRouteInput,
  mspRouteSchema,
  type Route,
  type RouteInput,
  type RouteMatch,
  routeSchema,
} from '../../../shared/routing/route-schema';
import { type RoutingTarget, routingTargetOf } from '../../../shared/routing/routing-target';
import { BUSINESS_HOURS_JST } from '../../../shared/routing/time-intervals/business-hours';
import {
  type TimeInterval,
  timeIntervalSchema,
} from '../../../shared/routing/time-intervals/time-interval-schema';
import { readFixture } from '../../support/fixtures';

function fixtureTarget(name: string, org = 'acme-prod'): RoutingTarget {
  const parsed = parseWebhookBody(readFixture(name));
  if (!parsed.ok) assert.fail(JSON.stringify(parsed.issues));
  return routingTargetOf(parsed.event, org);
}

const hostCritical = fixtureTarget('alert-host-critical.json');

function target(overrides: Partial<RoutingTarget> = {}): RoutingTarget {
  return { ...hostCritical, ...overrides };
}

function route(id: string, order: number, match: RouteMatch = {}, extra: Partial<RouteInput> = {}): Route {
  return routeSchema.parse({
    id,
    name: id,
    order,
    match,
    recipients: { to: [`${id}@example.com`] },
    ...extra,
  });
}

function mspRoute(id: string, order: number, match: RouteMatch = {}, extra: Partial<MspRouteInput> = {}) {
  return mspRouteSchema.parse({
    id,
    name: id,
    order,
    match,
    recipients: { to: [`${id}@msp.example`] },
    ...extra,
  });
}

const defaultRoute: DefaultRoute = defaultRouteSchema.parse({ recipients: { to: ['oncall@example.com'] } });

const ids = (decision: RouteDecision) => decision.matched.map((r) => r.key);

/** A Monday, 10:00 JST: inside business hours. */
const MONDAY_10_JST = new Date('2026-12-07T10:00:00+09:00');

function decide(
  orgRoutes: Route[],
  options: {
    defaultRoute?: DefaultRoute;
    mspRoutes?: MspRoute[];
    target?: RoutingTarget;
    now?: Date;
    timeIntervals?: TimeInterval[];
  } = {},
) {
  return matchRoutes(
    options.target ?? hostCritical,
    {
      orgRoutes,
      defaultRoute: options.defaultRoute,
      mspRoutes: options.mspRoutes ?? [],
      timeIntervals: options.timeIntervals ?? [],
    },
    options.now ?? MONDAY_10_JST,
  );
}

describe('each matcher on its own', () => {
  const verdict = (match: RouteMatch, t: RoutingTarget = hostCritical) => evaluateMatch(match, t);

  it('no matchers match every event', () => {
    assert.deepEqual(verdict({}, target({ eventType: 'sample' })), {
      matched: true,
      reasons: ['no matchers: matches every event'],
    });
  });

  it('eventTypes', () => {
    assert.deepEqual(verdict({ eventTypes: ['alert', 'alertGroup'] }), {
      matched: true,
      reasons: ['event type "alert" is in [alert, alertGroup]'],
    });
    assert.deepEqual(verdict({ eventTypes: ['hostStatus'] }), {
      matched: false,
      reasons: ['event type "alert" is not in [hostStatus]'],
    });
  });

  it('alertTypes, which events other than alerts never have', () => {
    assert.equal(verdict({ alertTypes: ['host', 'check'] }).matched, true);
    assert.equal(verdict({ alertTypes: ['service'] }).matched, false);
    assert.deepEqual(verdict({ alertTypes: ['host'] }, fixtureTarget('hostStatus.json')), {
      matched: false,
      reasons: ['event has no alert type; needs one of [host]'],
    });
  });

  it('services: any of the event services', () => {
    const connectivity = fixtureTarget('alert-connectivity.json');
    assert.deepEqual(verdict({ services: ['billing'] }, connectivity), {
      matched: true,
      reasons: ['service "billing" is in [billing]'],
    });
    assert.deepEqual(verdict({ services: ['ads'] }, connectivity), {
      matched: false,
      reasons: ['no service of [shop, billing] is in [ads]'],
    });
    assert.deepEqual(verdict({ services: ['shop'] }, fixtureTarget('alert-query.json')), {
      matched: false,
      reasons: ['event has no service; needs one of [shop]'],
    });
    assert.equal(
      verdict({ services: ['shop'] }, fixtureTarget('alert-external-with-service.json')).matched,
      true,
    );
  });

  it('roles as service:role', () => {
    const connectivity = fixtureTarget('alert-connectivity.json');
    assert.equal(verdict({ roles: ['billing:db'] }, connectivity).matched, true);
    assert.equal(verdict({ roles: ['shop:web'] }, connectivity).matched, false);
    // The service alert's service has a db role, but the alert is not about it.
    assert.equal(verdict({ roles: ['shop:db'] }, fixtureTarget('alert-service.json')).matched, false);
  });

  it('hostNameGlob, never matching a host-less alert', () => {
    assert.deepEqual(verdict({ hostNameGlob: 'web*' }), {
      matched: true,
      reasons: ['host "web01" matches "web*"'],
    });
    assert.deepEqual(verdict({ hostNameGlob: 'db*' }), {
      matched: false,
      reasons: ['host "web01" does not match "db*"'],
    });
    for (const name of ['alert-service.json', 'alert-expression-manual-close.json', 'alert-query.json']) {
      assert.deepEqual(verdict({ hostNameGlob: '*' }, fixtureTarget(name)), {
        matched: false,
        reasons: ['event has no host; needs one matching "*"'],
      });
    }
  });

  it('monitorNameGlob on the untrimmed monitor name', () => {
    assert.equal(verdict({ monitorNameGlob: 'CPU *' }).matched, true);
    assert.equal(
      verdict({ monitorNameGlob: 'shop *' }, fixtureTarget('alert-external-with-service.json')).matched,
      true,
    );
    assert.equal(verdict({ monitorNameGlob: 'CPU*' }, target({ monitorName: ' CPU %' })).matched, false);
    assert.equal(verdict({ monitorNameGlob: ' CPU*' }, target({ monitorName: ' CPU %' })).matched, true);
    assert.equal(verdict({ monitorNameGlob: '*' }, fixtureTarget('hostRegister.json')).matched, false);
  });

  it('all matchers must hold, and a failure lists every failing matcher', () => {
    assert.deepEqual(verdict({ services: ['shop'], minSeverity: 'critical', hostNameGlob: 'web*' }), {
      matched: true,
      reasons: [
        'severity critical is at least critical',
        'service "shop" is in [shop]',
        'host "web01" matches "web*"',
      ],
    });
    assert.deepEqual(
      verdict(
        { services: ['shop'], minSeverity: 'critical', hostNameGlob: 'db*' },
        target({ severity: 'warning' }),
      ),
      {
        matched: false,
        reasons: ['severity warning is below critical', 'host "web01" does not match "db*"'],
      },
    );
  });
});

describe('minSeverity boundaries (ok < warning < unknown < critical)', () => {
  const passes = (severity: RoutingTarget['severity'], minSeverity: RouteMatch['minSeverity']) =>
    evaluateMatch({ minSeverity }, target({ severity })).matched;

  it('warning lets warning, unknown and critical through, not ok', () => {
    assert.deepEqual(
      (['ok', 'warning', 'unknown', 'critical'] as const).map((s) => passes(s, 'warning')),
      [false, true, true, true],
    );
  });

  it('unknown lets unknown and critical through', () => {
    assert.deepEqual(
      (['ok', 'warning', 'unknown', 'critical'] as const).map((s) => passes(s, 'unknown')),
      [false, false, true, true],
    );
  });

  it('critical lets only critical through', () => {
    assert.deepEqual(
      (['ok', 'warning', 'unknown', 'critical'] as const).map((s) => passes(s, 'critical')),
      [false, false, false, true],
    );
  });

  it('events without a severity never pass a threshold', () => {
    assert.deepEqual(evaluateMatch({ minSeverity: 'warning' }, fixtureTarget('hostStatus.json')), {
      matched: false,
      reasons: ['event has no severity; needs at least warning'],
    });
  });

  it('reads the alert group severity too', () => {
    assert.equal(
      evaluateMatch({ minSeverity: 'critical' }, fixtureTarget('alertGroup-open.json')).matched,
      true,
    );
  });
});

describe('matchRoutes', () => {
  it('walks org routes by order, not by list position, and stops at the first match', () => {
    const decision = decide([route('late', 20), route('early', 10), route('middle', 15)]);
    assert.deepEqual(ids(decision), ['org:early']);
    assert.deepEqual(
      decision.notMatched.map((r) => [r.routeId, r.reasons]),
      [
        ['middle', ['not evaluated: route "early" matched earlier and does not continue']],
        ['late', ['not evaluated: route "early" matched earlier and does not continue']],
      ],
    );
  });

  it('breaks order ties by id', () => {
    assert.deepEqual(ids(decide([route('b', 10), route('a', 10)])), ['org:a']);
  });

  it('continues past a route that says continue, and stops at the next one that does not', () => {
    const decision = decide([
      route('shop-critical', 10, { services: ['shop'], minSeverity: 'critical' }, { continue: true }),
      route('not-db', 20, { hostNameGlob: 'db*' }),
      route('web', 30, { hostNameGlob: 'web*' }),
      route('catch-all', 40),
    ]);
    assert.deepEqual(ids(decision), ['org:shop-critical', 'org:web']);
    assert.deepEqual(decision.matched[0]?.reasons, [
      'severity critical is at least critical',
      'service "shop" is in [shop]',
    ]);
    assert.deepEqual(
      decision.notMatched.map((r) => r.routeId),
      ['not-db', 'catch-all'],
    );
  });

  it('skips disabled routes', () => {
    const decision = decide([route('off', 10, {}, { enabled: false }), route('on', 20)]);
    assert.deepEqual(ids(decision), ['org:on']);
    assert.deepEqual(decision.notMatched, [
      { scope: 'org', routeId: 'off', key: 'org:off', name: 'off', reasons: ['disabled'] },
    ]);
  });

  it('uses the default route only when no org route matched', () => {
    const unmatched = decide([route('db', 10, { hostNameGlob: 'db*' })], { defaultRoute });
    assert.deepEqual(ids(unmatched), ['default']);
    assert.deepEqual(unmatched.matched[0], {
      scope: 'default',
      routeId: 'default',
      key: 'default',
      name: 'default route',
      reasons: ['no org route matched'],
      recipients: { to: ['oncall@example.com'], cc: [] },
      targets: [{ kind: 'email' }],
      groupIntervalSeconds: 300,
      repeatIntervalSeconds: 14_400,
    });

    const matched = decide([route('web', 10, { hostNameGlob: 'web*' }, { continue: true })], {
      defaultRoute,
    });
    assert.deepEqual(ids(matched), ['org:web']);
    assert.deepEqual(matched.notMatched, [
      {
        scope: 'default',
        routeId: 'default',
        key: 'default',
        name: 'default route',
        reasons: ['org routes matched: "web"'],
      },
    ]);
  });

  it('routes nowhere when nothing matched and the org has no default route', () => {
    const decision = decide([route('db', 10, { hostNameGlob: 'db*' })]);
    assert.deepEqual(decision.matched, []);
    assert.equal(decision.notMatched.length, 1);
  });

  it('evaluates MSP routes independently of the org routes, in their own order', () => {
    const mspRoutes = [
      mspRoute('noc-all-critical', 10, { minSeverity: 'critical' }, { continue: true }),
      mspRoute('noc-warning', 20, { minSeverity: 'warning' }),
      mspRoute('never-reached', 30),
    ];
    const decision = decide([route('web', 10)], { defaultRoute, mspRoutes });
    assert.deepEqual(ids(decision), ['org:web', 'msp:noc-all-critical', 'msp:noc-warning']);
    assert.deepEqual(
      decision.notMatched.map((r) => r.key),
      ['default', 'msp:never-reached'],
    );
    // With the org routes silent, the default route and the MSP routes both apply.
    assert.deepEqual(ids(decide([], { defaultRoute, mspRoutes })), [
      'default',
      'msp:noc-all-critical',
      'msp:noc-warning',
    ]);
  });

  it('keys routes uniquely even when an org route, an MSP route and the default share an id', () => {
    const decision = decide([route('default', 10, {}, { continue: true })], {
      defaultRoute,
      mspRoutes: [mspRoute('default', 10)],
    });
    assert.deepEqual(ids(decision), ['org:default', 'msp:default']);
    assert.deepEqual(
      decision.notMatched.map((r) => r.key),
      ['default'],
    );
  });

  it('applies an MSP route orgs filter, with the org as a reason', () => {
    const mspRoutes = [
      mspRoute('acme-only', 10, { minSeverity: 'critical' }, { orgs: ['acme-prod', 'acme-stg'] }),
    ];
    const acme = decide([], { mspRoutes });
    assert.deepEqual(acme.matched[0]?.reasons, [
      'org "acme-prod" is in [acme-prod, acme-stg]',
      'severity critical is at least critical',
    ]);
    const other = decide([], { mspRoutes, target: target({ org: 'other-org' }) });
    assert.deepEqual(other.matched, []);
    assert.deepEqual(other.notMatched[0]?.reasons, ['org "other-org" is not in [acme-prod, acme-stg]']);
  });

  it('carries recipients and intervals of each matched route for the router', () => {
    const decision = decide([
      route(
        'web',
        10,
        {},
        {
          recipients: { to: ['web@example.com'], cc: ['lead@example.com'] },
          groupIntervalSeconds: 60,
          repeatIntervalSeconds: 3600,
        },
      ),
    ]);
    assert.deepEqual(decision.matched, [
      {
        scope: 'org',
        routeId: 'web',
        key: 'org:web',
        name: 'web',
        reasons: ['no matchers: matches every event'],
        recipients: { to: ['web@example.com'], cc: ['lead@example.com'] },
        targets: [{ kind: 'email' }],
        groupIntervalSeconds: 60,
        repeatIntervalSeconds: 3600,
      },
    ]);
  });

  it('routes a host-less alert on its service and monitor, never on a host route', () => {
    const orgRoutes = [
      route('web-hosts', 10, { hostNameGlob: '*' }),
      route('shop-service', 20, { services: ['shop'], monitorNameGlob: 'shop*' }),
    ];
    const decision = decide(orgRoutes, { defaultRoute, target: fixtureTarget('alert-service.json') });
    assert.deepEqual(ids(decision), ['org:shop-service']);
    assert.deepEqual(decision.matched[0]?.reasons, [
      'service "shop" is in [shop]',
      'monitor "shop - orders.failed" matches "shop*"',
    ]);
    assert.deepEqual(ids(decide(orgRoutes, { defaultRoute, target: fixtureTarget('alert-query.json') })), [
      'default',
    ]);
  });

  it('gives every matched and unmatched route at least one reason', () => {
    const decision = decide(
      [
        route('a', 1, { eventTypes: ['hostStatus'] }),
        route('b', 2, { alertTypes: ['host'] }, { continue: true }),
        route('c', 3),
      ],
      { defaultRoute, mspRoutes: [mspRoute('m', 1, { roles: ['shop:db'] })] },
    );
    for (const evaluation of [...decision.matched, ...decision.notMatched]) {
      assert.ok(evaluation.reasons.length > 0, evaluation.routeId);
      for (const reason of evaluation.reasons) assert.ok(reason.length > 0);
    }
  });
});

describe('routes with time intervals', () => {
  const business = timeIntervalSchema.parse(BUSINESS_HOURS_JST);
  const SUNDAY_03_JST = new Date('2026-12-06T03:00:00+09:00');
  const team = route('team', 1, {}, { activeTimeIntervals: ['business-hours'] });
  const oncall = route('oncall', 2, { minSeverity: 'critical' }, { muteTimeIntervals: ['business-hours'] });
  const timed = (now: Date, routes = [team, oncall], extra = {}) =>
    decide(routes, { now, timeIntervals: [business], ...extra });

  it('in business hours the team route notifies and stops the walk; the on-call route is not reached', () => {
    const decision = timed(MONDAY_10_JST);
    assert.deepEqual(ids(decision), ['org:team']);
    assert.deepEqual(decision.muted, []);
    assert.match(decision.notMatched.find((r) => r.routeId === 'oncall')?.reasons[0] ?? '', /not evaluated/);
  });

  it('on a Sunday night the team route is muted until Monday 09:00 and still stops the walk, with continue the on-call route gets it', () => {
    const stopped = timed(SUNDAY_03_JST, [team, oncall], { defaultRoute });
    assert.deepEqual(ids(stopped), [], 'a muted route counts as matched: no fall through, no default route');
    assert.equal(stopped.muted[0]?.key, 'org:team');
    assert.match(
      stopped.muted[0]?.reasons.at(-1) ?? '',
      /outside its active time "business-hours": muted until 2026-12-07 09:00 JST/,
    );
    const continuing = route('team', 1, {}, { activeTimeIntervals: ['business-hours'], continue: true });
    const decision = timed(SUNDAY_03_JST, [continuing, oncall]);
    assert.deepEqual(ids(decision), ['org:oncall']);
    // And in business hours the on-call route, reached through continue, is muted until 18:00.
    const daytime = timed(MONDAY_10_JST, [continuing, oncall]);
    assert.deepEqual(ids(daytime), ['org:team']);
    assert.match(
      daytime.muted[0]?.reasons.at(-1) ?? '',
      /muted by "business-hours" until 2026-12-07 18:00 JST/,
    );
  });

  it('a route naming an unknown interval is skipped (not widened, not muted) and says why; the walk goes on', () => {
    const broken = route('broken', 1, {}, { muteTimeIntervals: ['no-such-interval'] });
    const decision = timed(MONDAY_10_JST, [broken, route('next', 2)]);
    assert.deepEqual(ids(decision), ['org:next']);
    assert.match(
      decision.notMatched.find((r) => r.routeId === 'broken')?.reasons[0] ?? '',
      /unknown time interval\(s\) "no-such-interval": skipped/,
    );
  });

  it('MSP routes are timed too', () => {
    const noc = mspRoute('noc', 1, {}, { activeTimeIntervals: ['business-hours'] });
    const decision = decide([], { mspRoutes: [noc], now: SUNDAY_03_JST, timeIntervals: [business] });
    assert.deepEqual(ids(decision), []);
    assert.equal(decision.muted[0]?.key, 'msp:noc');
  });
});
