import type { AlertStatus } from '../../mackerel/alert-status';
import type { NotificationMessage } from '../../notify/message/notification-message';
import type { Inhibition } from '../../routing/inhibition/inhibition';
import { type MatchedRoute, matchRoutes, type RouteEvaluation } from '../../routing/match-routes';
import type { RoutingTarget } from '../../routing/routing-target';
import { type AlertFacts, closedStatus } from './alert-facts';
import type { AlertState, Suppression } from './alert-state';
import { type AlertTransition, decideAlertTransition } from './alert-transition';
import { alertSummaryOf, type RouterNotificationKind } from './build-notification';
import type { HostRecord } from './host-record';
import { isRepeatDue, lastToldAt } from './repeat-due';
import {
  addRouteNotification,
  fromHeld,
  fromMatched,
  fromNotified,
  type InvalidNotification,
  type Recipient,
} from './route-notification';
import type { RouterRoutingConfig } from './router-ports';
import { suppressionOf } from './suppression';

export type { InvalidNotification } from './route-notification';

export interface AlertPlanInput {
  org: string;
  dedupKey: string;
  correlationId: string;
  /** When intake received the event (ISO). */
  receivedAt: string;
  facts: AlertFacts;
  target: RoutingTarget;
  current: AlertState | undefined;
  config: RouterRoutingConfig;
  /** The inventory record of the alert's host, if it has one. */
  host: HostRecord | undefined;
  /**
   * What inhibits the alert among the org's open alerts (inhibitionOf, worked out by the caller, which
   * read them); null or left out when nothing does.
   */
  inhibition?: Inhibition | null;
  now: Date;
}

export interface AlertPlan {
  transition: AlertTransition;
  /** The state to write; undefined when nothing changes (stale, or the applied event once more). */
  next: AlertState | undefined;
  /** Notifications decided by this event (also in next.outbox). */
  notifications: NotificationMessage[];
  /** Why the event was not mailed, when it was muted. */
  suppression: Suppression | undefined;
  /** Routes evaluated for this event (only when it was routed: opened, escalated, changed, unmuted). */
  routed: { matched: MatchedRoute[]; notMatched: RouteEvaluation[] } | undefined;
  /** Notifications the schema rejected: a producer bug, for an ERROR line. */
  invalid: InvalidNotification[];
}

/**
 * Pure: what one alert or alert-group event does to the alert's state and who is mailed.
 * - opened / escalated / changed: the routes matched now get an `alert` (previousStatus set when the
 *   alert was open before), unless maintenance, a silence or an inhibition mutes it (recorded in
 *   `suppression`; the repeat sweep mails it once nothing does, see plan-unmute.ts).
 * - recovered: every route ever told about the alert gets a `recovery`, to the recipients it had then;
 *   never muted. Nobody told (first seen closed, or muted all along): no mail.
 * - duplicate (same status again, newer or from another key): a `repeat` to each told route whose repeat
 *   interval has passed; and if the alert was muted and no longer is, an `alert` to the routes matched
 *   now, since nobody has heard of it yet.
 * - stale, or the applied event again: nothing to write or send.
 */
export function planAlert(input: AlertPlanInput): AlertPlan {
  const { current, facts, now } = input;
  const transition = decideAlertTransition(current, facts.position);
  const nothing: AlertPlan = {
    transition,
    next: undefined,
    notifications: [],
    suppression: undefined,
    routed: undefined,
    invalid: [],
  };
  if (transition === 'stale') return nothing;
  if (transition === 'duplicate' && current?.lastDedupKey === input.dedupKey) return nothing;

  const nowIso = now.toISOString();
  const { position, display } = facts;
  const next: AlertState = {
    version: 1,
    org: input.org,
    kind: facts.subject.kind,
    alertId: facts.subject.id,
    status: position.status,
    isOpen: position.isOpen,
    eventTimeSeconds: Math.max(position.eventTimeSeconds, current?.eventTimeSeconds ?? -Infinity),
    openedAt: display.openedAt,
    closedAt: position.isOpen ? null : (facts.closedAt ?? position.eventTimeSeconds),
    type: display.type,
    monitorName: display.monitorName,
    target: display.target,
    hostId: facts.hostId ?? current?.hostId ?? null,
    hostName: facts.hostName ?? current?.hostName ?? null,
    display,
    routing: input.target,
    lastDedupKey: input.dedupKey,
    lastTransition: transition,
    lastReceivedAt: input.receivedAt,
    updatedAt: nowIso,
    notifiedRoutes: { ...current?.notifiedRoutes },
    lastNotifiedAt: current?.lastNotifiedAt ?? null,
    suppression: current?.suppression ?? null,
    outbox: { ...current?.outbox },
  };
  const plan: AlertPlan = { ...nothing, next };

  const notify = (kind: RouterNotificationKind, to: Recipient, status: AlertStatus, previous?: AlertStatus) =>
    addRouteNotification(next, plan, {
      kind,
      org: input.org,
      dedupKey: input.dedupKey,
      correlationId: input.correlationId,
      config: input.config,
      to,
      alert: alertSummaryOf({
        org: input.org,
        orgDisplayName: input.config.org?.displayName ?? input.org,
        display,
        status,
        previousStatus: previous,
        closedAt: next.closedAt ?? undefined,
      }),
      nowIso,
    });

  const muted = () =>
    suppressionOf({
      target: input.target,
      hostId: facts.hostId,
      host: input.host,
      eventTimeSeconds: position.eventTimeSeconds,
      silences: input.config.silences,
      inhibition: input.inhibition,
      now,
    });

  /** An `alert` to every route matched now, unless muted. */
  const route = (previous: AlertStatus | undefined) => {
    const suppression = muted();
    next.suppression = suppression ?? null;
    plan.suppression = suppression;
    if (suppression !== undefined) return;
    const decision = matchRoutes(input.target, input.config, now);
    // A route muted by its time intervals notifies nobody; its reason (until when) goes to the log.
    plan.routed = { matched: decision.matched, notMatched: [...decision.muted, ...decision.notMatched] };
    for (const matched of decision.matched) notify('alert', fromMatched(matched), position.status, previous);
    for (const held of decision.held) notify('alert', fromHeld(held), position.status, previous);
  };

  const wasOpen = current?.isOpen === true ? current.status : undefined;
  switch (transition) {
    case 'opened':
    case 'escalated':
    case 'changed':
      route(wasOpen);
      break;
    case 'recovered':
      next.suppression = null;
      for (const told of Object.values(current?.notifiedRoutes ?? {})) {
        notify('recovery', fromNotified(told), closedStatus, wasOpen);
      }
      break;
    case 'duplicate': {
      if (!position.isOpen) break;
      if (current?.suppression != null) {
        // Muted when it opened; if the mute is over, this is the first anyone hears of it.
        route(undefined);
        break;
      }
      const suppression = muted();
      plan.suppression = suppression;
      next.suppression = suppression ?? null;
      if (suppression !== undefined) break;
      for (const told of Object.values(current?.notifiedRoutes ?? {})) {
        if (isRepeatDue(lastToldAt(told), told.repeatIntervalSeconds, now)) {
          notify('repeat', fromNotified(told), position.status);
        }
      }
      break;
    }
  }
  return plan;
}
