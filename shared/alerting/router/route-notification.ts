import type { AlertSummary, NotificationMessage } from '../../notify/message/notification-message';
import { EMAIL_ONLY, type NotificationTarget } from '../../notify/targets/notification-target';
import type { HeldRoute, MatchedRoute } from '../../routing/match-routes';
import type { AlertState, NotifiedRoute } from './alert-state';
import { buildNotification, DEFAULT_LANGUAGE, type RouterNotificationKind } from './build-notification';
import type { RouterRoutingConfig } from './router-ports';

export interface InvalidNotification {
  routeKey: string;
  kind: RouterNotificationKind;
  issues: string[];
}

/** Notifications a plan decided, and those the schema rejected (a producer bug, for an ERROR line). */
export interface DecidedNotifications {
  notifications: NotificationMessage[];
  invalid: InvalidNotification[];
}

/** A route as a notification goes to it: one matched now, or one told before (recoveries). */
export interface Recipient {
  routeKey: string;
  scope: NotifiedRoute['scope'];
  routeId: string;
  name: string;
  recipients?: NotifiedRoute['recipients'];
  targets: readonly NotificationTarget[];
  repeatIntervalSeconds: number;
  /** The route is muted and holds until then (ISO); a time already past holds nothing. */
  heldUntil?: string | undefined;
}

export const fromHeld = (route: HeldRoute): Recipient => ({
  ...fromMatched(route),
  heldUntil: route.until.toISOString(),
});

export const fromMatched = (route: MatchedRoute): Recipient => ({
  routeKey: route.key,
  scope: route.scope,
  routeId: route.routeId,
  name: route.name,
  recipients: route.recipients,
  targets: route.targets,
  repeatIntervalSeconds: route.repeatIntervalSeconds,
});

export const fromNotified = (route: NotifiedRoute): Recipient => ({
  ...route,
  targets: route.targets ?? EMAIL_ONLY,
});

export interface RouteNotificationInput {
  kind: RouterNotificationKind;
  org: string;
  /** Of the event that caused it (or the sweep's derived key): with org, route and kind, the id. */
  dedupKey: string;
  correlationId: string;
  config: Pick<RouterRoutingConfig, 'org'>;
  to: Recipient;
  alert: AlertSummary;
  nowIso: string;
}

/**
 * Builds one notification to one route and records it on `next`, the state about to be written: in the
 * outbox (published after the write) and in notifiedRoutes (who its recovery goes to). One the schema
 * rejects goes to `decided.invalid` instead.
 */
export function addRouteNotification(
  next: AlertState,
  decided: DecidedNotifications,
  input: RouteNotificationInput,
): void {
  const { to, kind, nowIso } = input;
  // ISO times of one format compare as text.
  const heldUntil = to.heldUntil !== undefined && to.heldUntil > nowIso ? to.heldUntil : undefined;
  const built = buildNotification({
    kind,
    org: input.org,
    dedupKey: input.dedupKey,
    correlationId: input.correlationId,
    language: input.config.org?.language ?? DEFAULT_LANGUAGE,
    routeKey: to.routeKey,
    recipients: to.recipients,
    targets: to.targets,
    alert: input.alert,
    heldUntil,
  });
  if (!built.ok) {
    decided.invalid.push({ routeKey: to.routeKey, kind, issues: built.issues });
    return;
  }
  const { notification } = built;
  decided.notifications.push(notification);
  next.outbox[notification.id] = notification;
  const earlier = next.notifiedRoutes[to.routeKey];
  next.notifiedRoutes[to.routeKey] = {
    routeKey: to.routeKey,
    scope: to.scope,
    routeId: to.routeId,
    name: to.name,
    recipients: to.recipients,
    targets: [...to.targets],
    repeatIntervalSeconds: to.repeatIntervalSeconds,
    firstNotifiedAt: earlier?.firstNotifiedAt ?? nowIso,
    lastNotifiedAt: nowIso,
    lastNotificationId: notification.id,
    lastKind: kind,
    ...(heldUntil !== undefined && { heldUntil }),
  };
  next.lastNotifiedAt = nowIso;
}
