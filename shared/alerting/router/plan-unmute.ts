import { isDeepStrictEqual } from 'node:util';
import type { Inhibition } from '../../routing/inhibition/inhibition';
import { matchRoutes } from '../../routing/match-routes';
import type { RoutingTarget } from '../../routing/routing-target';
import type { AlertState, Suppression } from './alert-state';
import { alertSummaryOf } from './build-notification';
import type { HostRecord } from './host-record';
import { addRouteNotification, type DecidedNotifications, fromHeld, fromMatched } from './route-notification';
import type { RouterRoutingConfig } from './router-ports';
import { storedSuppression } from './suppression';

export interface UnmutePlanInput {
  state: AlertState;
  config: RouterRoutingConfig;
  host: HostRecord | undefined;
  /** What inhibits the alert among the org's open alerts now (inhibitionOf), or null. */
  inhibition: Inhibition | null;
  correlationId: string;
  now: Date;
}

/** A state to write, with the notifications in its outbox (none when only the reason changed). */
export type SweepWrite = { next: AlertState } & DecidedNotifications;

export type UnmutePlan =
  | { kind: 'none' }
  /** Still muted, for the reason recorded. */
  | { kind: 'muted'; suppression: Suppression }
  /** Still muted, for another reason now (a silence ended under an inhibition): recorded, nobody told. */
  | ({ kind: 'remuted'; suppression: Suppression } & SweepWrite)
  | ({ kind: 'unmuted'; matched: string[] } & SweepWrite);

/** An open alert muted when it opened that nobody has been told of since: the sweep decides it again. */
export const isUnmuteCandidate = (state: AlertState): boolean =>
  state.isOpen &&
  state.status !== 'ok' &&
  state.suppression !== null &&
  Object.keys(state.notifiedRoutes).length === 0;

/**
 * The alert's routing facts, with its host's status as the inventory has it if a host event arrived
 * after the alert's latest event: the event's word that the host was in maintenance lasts only until
 * the host is heard of again.
 */
function withCurrentHostStatus(state: AlertState, routing: RoutingTarget, host: HostRecord | undefined) {
  const newer =
    host !== undefined &&
    host.hostId === state.hostId &&
    Date.parse(host.lastEventAt) > Date.parse(state.lastReceivedAt);
  return newer ? { ...routing, hostStatus: host.status } : routing;
}

/**
 * Pure: the repeat sweep's second look at an alert muted when it opened (isUnmuteCandidate). The mute
 * is decided again as the router would now: maintenance, silences, and inhibition among the org's open
 * alerts. Once nothing mutes it, nobody has heard of it yet, so the routes matched now get an `alert`,
 * as the router would have sent (previousStatus unset). This is how an inhibited alert is released
 * when its source closes (the router asks for a sweep of the org then), and, as a welcome side effect,
 * how an alert opened during a silence or maintenance is mailed once that ends, even if Mackerel says
 * nothing more. The ids follow from `unmuted:<lastDedupKey>`, so sweeps racing, or one redelivered
 * after a crash, decide the same ones and the mailer sends each once; a later event of the alert finds
 * the suppression cleared and routes as usual.
 */
export function planUnmute(input: UnmutePlanInput): UnmutePlan {
  const { state, config, now } = input;
  const { display, routing } = state;
  if (!isUnmuteCandidate(state) || display === null || routing === null || config.org?.enabled === false) {
    return { kind: 'none' };
  }
  const nowIso = now.toISOString();
  const suppression = storedSuppression(withCurrentHostStatus(state, routing, input.host), input);
  if (suppression !== undefined) {
    return isDeepStrictEqual(suppression, state.suppression)
      ? { kind: 'muted', suppression }
      : {
          kind: 'remuted',
          suppression,
          next: { ...state, suppression, updatedAt: nowIso },
          notifications: [],
          invalid: [],
        };
  }
  const next: AlertState = {
    ...state,
    suppression: null,
    updatedAt: nowIso,
    notifiedRoutes: { ...state.notifiedRoutes },
    outbox: { ...state.outbox },
  };
  const plan: UnmutePlan & { kind: 'unmuted' } = {
    kind: 'unmuted',
    next,
    matched: [],
    notifications: [],
    invalid: [],
  };
  const alert = alertSummaryOf({
    org: state.org,
    orgDisplayName: config.org?.displayName ?? state.org,
    display,
    status: state.status,
  });
  // Routes muted by their time intervals notify nobody, or hold for their digest, as in the router.
  const decision = matchRoutes(routing, config, now);
  const routes = [...decision.matched.map(fromMatched), ...decision.held.map(fromHeld)];
  for (const to of routes) {
    plan.matched.push(to.routeKey);
    addRouteNotification(next, plan, {
      kind: 'alert',
      org: state.org,
      dedupKey: `unmuted:${state.lastDedupKey}`,
      correlationId: input.correlationId,
      config,
      to,
      alert,
      nowIso,
    });
  }
  return plan;
}
