import { createHash } from 'node:crypto';
import { canonicalJson } from '../../kernel/canonical-json';
import type { AlertStatus } from '../../mackerel/alert-status';
import {
  type AlertSummary,
  type Language,
  type NotificationMessage,
  notificationMessageSchema,
} from '../../notify/message/notification-message';
import type { NotificationTarget } from '../../notify/targets/notification-target';
import type { Recipients } from '../../routing/route-schema';
import type { AlertDisplay } from './alert-facts';

/** The router's kinds; digests come from the grouping step (not built yet). */
export type RouterNotificationKind = 'alert' | 'recovery' | 'repeat';

/** Org records say ja or en; an org without a (readable) record gets mail in this language. */
export const DEFAULT_LANGUAGE: Language = 'en';

export interface NotificationIdParts {
  org: string;
  /** The dedup key of the event that caused the notification. */
  dedupKey: string;
  /** RouteEvaluation.key. */
  routeKey: string;
  kind: RouterNotificationKind;
}

/**
 * `<kind>-<org>-<32 hex>`: a function of org, the causing event's dedup key, route key and kind, and of
 * nothing else, so every retry of one decision produces the same id and the mailer sends it once.
 */
export function notificationId(parts: NotificationIdParts): string {
  const hash = createHash('sha256')
    .update(canonicalJson([parts.org, parts.dedupKey, parts.routeKey, parts.kind]))
    .digest('hex')
    .slice(0, 32);
  return `${parts.kind}-${parts.org}-${hash}`;
}

export interface SummaryInput {
  org: string;
  orgDisplayName: string;
  display: AlertDisplay;
  status: AlertStatus;
  previousStatus?: AlertStatus;
  closedAt?: number;
}

export function alertSummaryOf(input: SummaryInput): AlertSummary {
  const { display } = input;
  return {
    org: input.org,
    orgDisplayName: input.orgDisplayName,
    alertId: display.alertId,
    status: input.status,
    ...(input.previousStatus !== undefined ? { previousStatus: input.previousStatus } : {}),
    type: display.type,
    target: display.target,
    monitorName: display.monitorName,
    message: display.message,
    memo: display.memo,
    alertUrl: display.alertUrl,
    ...(display.imageUrl !== undefined ? { imageUrl: display.imageUrl } : {}),
    openedAt: display.openedAt,
    ...(input.closedAt !== undefined ? { closedAt: Math.max(0, input.closedAt) } : {}),
  };
}

export interface NotificationInputs {
  kind: RouterNotificationKind;
  org: string;
  dedupKey: string;
  correlationId: string;
  language: Language;
  routeKey: string;
  recipients: Recipients | undefined;
  targets: readonly NotificationTarget[];
  alert: AlertSummary;
  /** Muted route that holds: the digest goes out then (ISO). */
  heldUntil?: string | undefined;
}

export type BuiltNotification =
  | { ok: true; notification: NotificationMessage }
  | { ok: false; issues: string[] };

/**
 * One notification for one route, checked against the topic's schema. Never throws: a notification the
 * schema rejects (a producer bug) is reported to the caller, which logs it and goes on; throwing would
 * make Pub/Sub redeliver the event forever.
 */
export function buildNotification(input: NotificationInputs): BuiltNotification {
  const parsed = notificationMessageSchema.safeParse({
    version: 1,
    id: notificationId({
      org: input.org,
      dedupKey: input.dedupKey,
      routeKey: input.routeKey,
      kind: input.kind,
    }),
    kind: input.kind,
    org: input.org,
    routeId: input.routeKey,
    language: input.language,
    recipients: { to: input.recipients?.to ?? [], cc: input.recipients?.cc ?? [] },
    targets: input.targets,
    correlationId: input.correlationId.slice(0, 200),
    alerts: [input.alert],
    ...(input.heldUntil !== undefined && { heldUntil: input.heldUntil }),
  });
  if (parsed.success) return { ok: true, notification: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`),
  };
}
