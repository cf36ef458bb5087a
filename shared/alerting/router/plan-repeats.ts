import type { NotificationMessage } from '../../notify/message/notification-message';
import { EMAIL_ONLY } from '../../notify/targets/notification-target';
import type { Inhibition } from '../../routing/inhibition/inhibition';
import type { AlertState, Suppression } from './alert-state';
import { alertSummaryOf, buildNotification, DEFAULT_LANGUAGE } from './build-notification';
import type { HostRecord } from './host-record';
import type { InvalidNotification } from './plan-alert';
import { isRepeatDue, lastToldAt } from './repeat-due';
import type { RouterRoutingConfig } from './router-ports';
import { storedSuppression } from './suppression';

export interface RepeatPlanInput {
  state: AlertState;
  config: RouterRoutingConfig;
  host: HostRecord | undefined;
  /** What inhibits the alert among the org's open alerts now (inhibitionOf): its repeats wait too. */
  inhibition?: Inhibition | null;
  correlationId: string;
  now: Date;
}

export type RepeatPlan =
  | { kind: 'none'; why: 'closed' | 'not-due' | 'no-display' | 'org-disabled' }
  | { kind: 'muted'; suppression: Suppression }
  | {
      kind: 'repeat';
      next: AlertState;
      notifications: NotificationMessage[];
      invalid: InvalidNotification[];
    };

/**
 * Pure: the repeats the scheduled sweep owes a still-open alert: one `repeat` to each route told about it
 * whose repeat interval has passed since it was last told, unless the alert is muted now (maintenance,
 * a silence, an inhibition). The id of a repeat follows from the notification it repeats, so two sweeps
 * racing, or a sweep redelivered after a crash, decide the same ids and the mailer sends each once.
 */
export function planRepeats(input: RepeatPlanInput): RepeatPlan {
  const { state, config, now } = input;
  if (!state.isOpen || state.status === 'ok') return { kind: 'none', why: 'closed' };
  if (state.display === null || state.routing === null) return { kind: 'none', why: 'no-display' };
  if (config.org?.enabled === false) return { kind: 'none', why: 'org-disabled' };
  const due = Object.values(state.notifiedRoutes).filter(
    (told) => told.lastKind !== 'recovery' && isRepeatDue(lastToldAt(told), told.repeatIntervalSeconds, now),
  );
  if (due.length === 0) return { kind: 'none', why: 'not-due' };
  const suppression = storedSuppression(state.routing, input);
  if (suppression !== undefined) return { kind: 'muted', suppression };

  const nowIso = now.toISOString();
  const next: AlertState = {
    ...state,
    notifiedRoutes: { ...state.notifiedRoutes },
    outbox: { ...state.outbox },
  };
  const plan = {
    kind: 'repeat' as const,
    next,
    notifications: [] as NotificationMessage[],
    invalid: [] as InvalidNotification[],
  };
  const alert = alertSummaryOf({
    org: state.org,
    orgDisplayName: config.org?.displayName ?? state.org,
    display: state.display,
    status: state.status,
  });
  for (const told of due) {
    const built = buildNotification({
      kind: 'repeat',
      org: state.org,
      dedupKey: `repeat-after:${told.lastNotificationId}`,
      correlationId: input.correlationId,
      language: config.org?.language ?? DEFAULT_LANGUAGE,
      routeKey: told.routeKey,
      recipients: told.recipients,
      targets: told.targets ?? EMAIL_ONLY,
      alert,
    });
    if (!built.ok) {
      plan.invalid.push({ routeKey: told.routeKey, kind: 'repeat', issues: built.issues });
      continue;
    }
    plan.notifications.push(built.notification);
    next.outbox[built.notification.id] = built.notification;
    next.notifiedRoutes[told.routeKey] = {
      ...told,
      lastNotifiedAt: nowIso,
      lastNotificationId: built.notification.id,
      lastKind: 'repeat',
    };
    next.lastNotifiedAt = nowIso;
  }
  next.updatedAt = nowIso;
  return plan;
}
