import type { NotificationTarget } from '../notify/targets/notification-target';
import { evaluateMatch } from './evaluate-match';
import {
  type DefaultRoute,
  type MspRoute,
  type Recipients,
  type Route,
  targetsOfRoute,
} from './route-schema';
import type { RoutingTarget } from './routing-target';
import { routeTiming } from './time-intervals/route-timing';
import type { TimeInterval } from './time-intervals/time-interval-schema';

/** Where a route came from: orgs/{org}/routes, the org's defaultRoute field, or mspRoutes. */
export type RouteScope = 'org' | 'default' | 'msp';

/** The id the default route goes by in decisions and logs (it has no document of its own). */
export const DEFAULT_ROUTE_ID = 'default';

export interface RouteEvaluation {
  scope: RouteScope;
  routeId: string;
  /**
   * `org:<id>`, `default` or `msp:<id>`: unique across an org's routes and the MSP routes, whose ids may
   * coincide, so grouping windows, repeat state and notifications should key on it.
   */
  key: string;
  name: string;
  /** Why it matched (every matcher that held) or why not (every matcher that failed, or why it was skipped). */
  reasons: string[];
}

/** A route the event goes to, with what the router needs to group, repeat and address the mail. */
export interface MatchedRoute extends RouteEvaluation {
  /** Undefined when the route does not mail. */
  recipients: Recipients | undefined;
  targets: readonly NotificationTarget[];
  groupIntervalSeconds: number;
  repeatIntervalSeconds: number;
}

/** A muted route that holds (`whileMuted: hold`): what it would have sent waits until `until`. */
export interface HeldRoute extends MatchedRoute {
  until: Date;
}

export interface RouteDecision {
  /** Org routes in order, then the default route if it applied, then MSP-wide routes in order. */
  matched: MatchedRoute[];
  /** Muted routes that hold (each is listed in `muted` too). */
  held: HeldRoute[];
  /**
   * Routes that matched but are muted now by their time intervals: nobody is notified through them, and
   * they stop the walk as a match does (a muted route is not a reason to fall through to the next).
   */
  muted: RouteEvaluation[];
  /** Every other route and why it did not apply, for `route test` and logs. */
  notMatched: RouteEvaluation[];
}

export interface RoutingRules {
  orgRoutes: readonly Route[];
  defaultRoute?: DefaultRoute;
  mspRoutes: readonly MspRoute[];
  /** Every stored time interval routes may refer to. */
  timeIntervals?: readonly TimeInterval[];
}

/** Ascending `order`, ties by id: the one evaluation order, whoever loaded the routes and however. */
export function inRouteOrder<R extends Pick<Route, 'order' | 'id'>>(routes: readonly R[]): R[] {
  return [...routes].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function evaluation(scope: RouteScope, routeId: string, name: string, reasons: string[]): RouteEvaluation {
  const key = scope === 'default' ? DEFAULT_ROUTE_ID : `${scope}:${routeId}`;
  return { scope, routeId, key, name, reasons };
}

function matched(base: RouteEvaluation, delivery: DefaultRoute): MatchedRoute {
  const { recipients, groupIntervalSeconds, repeatIntervalSeconds } = delivery;
  return {
    ...base,
    recipients,
    targets: targetsOfRoute(delivery),
    groupIntervalSeconds,
    repeatIntervalSeconds,
  };
}

/**
 * One ordered list, Alertmanager style: the first matching route stops the walk unless it says
 * `continue`. Routes after the stop are listed as not evaluated, so an operator sees what shadowed them.
 */
function walk(
  scope: RouteScope,
  routes: readonly (Route | MspRoute)[],
  target: RoutingTarget,
  timing: { intervals: readonly TimeInterval[]; now: Date },
): RouteDecision {
  const decision: RouteDecision = { matched: [], held: [], muted: [], notMatched: [] };
  let stoppedBy: string | undefined;
  for (const route of inRouteOrder(routes)) {
    const evaluated = (reasons: string[]) => evaluation(scope, route.id, route.name, reasons);
    if (stoppedBy !== undefined) {
      const reason = `not evaluated: route ${JSON.stringify(stoppedBy)} matched earlier and does not continue`;
      decision.notMatched.push(evaluated([reason]));
    } else if (!route.enabled) {
      decision.notMatched.push(evaluated(['disabled']));
    } else {
      const orgs = 'orgs' in route ? route.orgs : undefined;
      const verdict = evaluateMatch({ ...route.match, orgs }, target);
      const when = verdict.matched ? routeTiming(route, timing.intervals, timing.now) : undefined;
      if (when?.kind === 'unknown-interval') {
        decision.notMatched.push(evaluated([when.reason]));
      } else if (when !== undefined) {
        if (when.kind === 'muted') {
          const holds = route.whileMuted === 'hold' && when.until !== null;
          const reason = holds ? `${when.reason}; held: one digest then` : when.reason;
          decision.muted.push(evaluated([...verdict.reasons, reason]));
          if (holds && when.until !== null) {
            decision.held.push({ ...matched(evaluated(verdict.reasons), route), until: when.until });
          }
        } else decision.matched.push(matched(evaluated(verdict.reasons), route));
        if (!route.continue) stoppedBy = route.name;
      } else {
        decision.notMatched.push(evaluated(verdict.reasons));
      }
    }
  }
  return decision;
}

/**
 * Which routes an event goes to. The org's routes are walked in order; its default route applies only
 * when none of them matched; MSP-wide routes are walked on their own, so the NOC's route applies whatever
 * the org's routes did. Recipients are not merged here: the router keeps per-route grouping and repeats.
 */
export function matchRoutes(target: RoutingTarget, rules: RoutingRules, now: Date): RouteDecision {
  const timing = { intervals: rules.timeIntervals ?? [], now };
  const org = walk('org', rules.orgRoutes, target, timing);
  const msp = walk('msp', rules.mspRoutes, target, timing);
  const fallback: RouteDecision = { matched: [], held: [], muted: [], notMatched: [] };
  if (rules.defaultRoute !== undefined) {
    const name = 'default route';
    if (org.matched.length === 0 && org.muted.length === 0) {
      const base = evaluation('default', DEFAULT_ROUTE_ID, name, ['no org route matched']);
      fallback.matched.push(matched(base, rules.defaultRoute));
    } else {
      const names = [...org.matched, ...org.muted].map((route) => JSON.stringify(route.name)).join(', ');
      fallback.notMatched.push(
        evaluation('default', DEFAULT_ROUTE_ID, name, [`org routes matched: ${names}`]),
      );
    }
  }
  return {
    matched: [...org.matched, ...fallback.matched, ...msp.matched],
    held: [...org.held, ...msp.held],
    muted: [...org.muted, ...msp.muted],
    notMatched: [...org.notMatched, ...fallback.notMatched, ...msp.notMatched],
  };
}
