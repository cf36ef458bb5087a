import { createHash } from 'node:crypto';
import type { AlertSummary, NotificationMessage } from '../../notify/message/notification-message';

/**
 * Storm control, pure decisions. Per scope (an org's route, or an MSP-wide route across every org) one
 * group window at a time: the first alert opens it and is sent at once; further alerts (and repeats)
 * until its end are folded, and the window's folded alerts leave as one digest after the end.
 * Recoveries are never delayed. A recipient over the hourly cap turns a send into a fold.
 */

/** Route settings default (route-schema.ts) for a route the config no longer has. */
export const DEFAULT_GROUP_INTERVAL_SECONDS = 300;
const MSP_ROUTE_PREFIX = 'msp:';

/** The group window's scope: per org and route; MSP-wide routes group across orgs. */
export function scopeKeyOf(n: Pick<NotificationMessage, 'org' | 'routeId'>): string {
  return n.routeId.startsWith(MSP_ROUTE_PREFIX) ? `msp__${n.routeId}` : `${n.org}__${n.routeId}`;
}

/** Alerts and repeats are grouped; recoveries (and digests) go at once. */
export const isGroupable = (n: Pick<NotificationMessage, 'kind'>): boolean =>
  n.kind === 'alert' || n.kind === 'repeat';

/** The current window of a scope. Times are ISO strings. */
export interface GroupWindow {
  scopeKey: string;
  routeKey: string;
  windowStart: string;
  windowEnd: string;
  /** The notification sent at once when the window opened; null when the cap folded it too. */
  firstSentId: string | null;
}

export type GroupDecision =
  /** Open this window (write it first) and send the notification. */
  | { action: 'send'; window: GroupWindow }
  /** The window's first notification again (a redelivery): publish again, the mailer sends an id once. */
  | { action: 'resend' }
  /** Fold into `window` (write it first when `open` says it is new). */
  | { action: 'fold'; window: GroupWindow; open: boolean };

export interface GroupingInput {
  window: GroupWindow | undefined;
  notification: Pick<NotificationMessage, 'id' | 'org' | 'routeId'>;
  now: Date;
  groupIntervalSeconds: number;
  /** Some recipient got its hourly cap of mails already. */
  capReached: boolean;
}

export function isWindowOpen(window: GroupWindow | undefined, now: Date): window is GroupWindow {
  return window !== undefined && now.getTime() < Date.parse(window.windowEnd);
}

/** A window's digest may be flushed once its end (plus a grace for in-flight routers) has passed. */
export function isWindowDue(windowEnd: string, now: Date, graceSeconds: number): boolean {
  return Date.parse(windowEnd) + graceSeconds * 1000 <= now.getTime();
}

export const isCapReached = (sentThisHour: number, cap: number): boolean => sentThisHour >= cap;

/** "Send now or fold". */
export function decideGrouping(input: GroupingInput): GroupDecision {
  const { window, notification, now } = input;
  if (window !== undefined && window.firstSentId === notification.id) return { action: 'resend' };
  if (isWindowOpen(window, now)) return { action: 'fold', window, open: false };
  const opened: GroupWindow = {
    scopeKey: scopeKeyOf(notification),
    routeKey: notification.routeId,
    windowStart: now.toISOString(),
    windowEnd: new Date(now.getTime() + input.groupIntervalSeconds * 1000).toISOString(),
    firstSentId: input.capReached ? null : notification.id,
  };
  return input.capReached
    ? { action: 'fold', window: opened, open: true }
    : { action: 'send', window: opened };
}

/** Deterministic: one digest per window, whoever flushes it and however often. */
export function digestIdOf(scopeKey: string, windowStart: string): string {
  const hash = createHash('sha256').update(scopeKey).digest('hex').slice(0, 24);
  return `digest-${hash}-${Date.parse(windowStart)}`;
}

/** The hour bucket of the per-recipient cap, e.g. 2026112204 (UTC). */
export const hourBucketOf = (now: Date): string => now.toISOString().slice(0, 13).replace(/\D/g, '');

/** Every address a notification goes to, lower-cased, once. */
export const recipientsOf = (n: Pick<NotificationMessage, 'recipients'>): string[] => [
  ...new Set([...n.recipients.to, ...n.recipients.cc].map((a) => a.toLowerCase())),
];

/** A notification folded into a window, as stored until the flush. */
export interface FoldedNotification {
  id: string;
  org: string;
  language: NotificationMessage['language'];
  recipients: NotificationMessage['recipients'];
  alert: AlertSummary;
  /** When the router folded it (ISO): a digest lists in receive order, not by a time the caller sent. */
  foldedAt?: string;
}

export interface DigestWindow {
  digestId: string;
  scopeKey: string;
  routeKey: string;
  windowStart: string;
  windowEnd: string;
}
