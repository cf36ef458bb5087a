import { createHash } from 'node:crypto';
import type { AlertSummary, NotificationMessage } from '../../notify/message/notification-message';
import { mailsTo, type NotificationTargetKind, targetKeyOf } from '../../notify/targets/notification-target';

/**
 * Storm control, pure decisions. Per scope (an org's route, or an MSP-wide route across every org) one
 * group window at a time: the first alert opens it and is sent at once; further alerts (and repeats)
 * until its end are folded, and the window's folded alerts leave as one digest after the end.
 * Recoveries are never delayed. A recipient over the hourly cap, or a Slack / Teams webhook over its
 * per-minute cap, turns a send into a fold.
 */

/** Route settings default (route-schema.ts) for a route the config no longer has. */
export const DEFAULT_GROUP_INTERVAL_SECONDS = 300;
const MSP_ROUTE_PREFIX = 'msp:';

/** The group window's scope: per org and route; MSP-wide routes group across orgs. */
export function scopeKeyOf(n: Pick<NotificationMessage, 'org' | 'routeId'>): string {
  return n.routeId.startsWith(MSP_ROUTE_PREFIX) ? `msp__${n.routeId}` : `${n.org}__${n.routeId}`;
}

/**
 * A held notification's window (its route is muted and holds, see route-schema.ts `whileMuted`): one per
 * scope until the mute ends, opened by the first held notification and folding every one after it,
 * recoveries included, so the digest at the end shows each alert as it stands then. Undefined when the
 * notification is not held or its time has passed.
 */
export function heldWindowOf(
  n: Pick<NotificationMessage, 'org' | 'routeId' | 'heldUntil'>,
  now: Date,
): { scopeKey: string; seconds: number } | undefined {
  if (n.heldUntil === undefined) return undefined;
  const ms = Date.parse(n.heldUntil) - now.getTime();
  return ms > 0 ? { scopeKey: `${scopeKeyOf(n)}__held`, seconds: Math.ceil(ms / 1000) } : undefined;
}

/**
 * The window a held notification may fold into: the scope's current one only if it ends when this hold
 * does (to the second it was rounded to); one that ends later (a longer mute decided before) would keep
 * the notification past its time, so a new window is opened beside it and each digest leaves at its end.
 */
export const heldWindowFits = (
  window: GroupWindow | undefined,
  heldUntil: string,
): GroupWindow | undefined =>
  window !== undefined && Math.abs(Date.parse(window.windowEnd) - Date.parse(heldUntil)) < 1000
    ? window
    : undefined;

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
  /** Some cap key of the notification (capKeysOf) is at its cap already. */
  capReached: boolean;
  /** The scope decided in; default scopeKeyOf(notification) (a held notification has its own). */
  scopeKey?: string;
}

export function isWindowOpen(window: GroupWindow | undefined, now: Date): window is GroupWindow {
  return window !== undefined && now.getTime() < Date.parse(window.windowEnd);
}

/** A window's digest may be flushed once its end (plus a grace for in-flight routers) has passed. */
export function isWindowDue(windowEnd: string, now: Date, graceSeconds: number): boolean {
  return Date.parse(windowEnd) + graceSeconds * 1000 <= now.getTime();
}

export const isCapReached = (sentInBucket: number, cap: number): boolean => sentInBucket >= cap;

/** "Send now or fold". */
export function decideGrouping(input: GroupingInput): GroupDecision {
  const { window, notification, now } = input;
  if (window !== undefined && window.firstSentId === notification.id) return { action: 'resend' };
  if (isWindowOpen(window, now)) return { action: 'fold', window, open: false };
  const opened: GroupWindow = {
    scopeKey: input.scopeKey ?? scopeKeyOf(notification),
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

/** The minute bucket of a chat webhook's cap, e.g. m202611220405 (UTC); the `m` keeps it apart from hours. */
export const minuteBucketOf = (now: Date): string => `m${now.toISOString().slice(0, 16).replace(/\D/g, '')}`;

/** Every address a notification goes to, lower-cased, once. */
export const recipientsOf = (n: Pick<NotificationMessage, 'recipients'>): string[] => [
  ...new Set([...n.recipients.to, ...n.recipients.cc].map((a) => a.toLowerCase())),
];

/** Sends per cap key before further notifications are folded (the router's config). */
export interface SendCaps {
  /** ROUTER_RECIPIENT_HOURLY_CAP: mails per address per hour. */
  mailsPerHour: number;
  /** ROUTER_SLACK_PER_MINUTE: messages per Slack incoming webhook per minute. */
  slackPerMinute: number;
  /** ROUTER_TEAMS_PER_MINUTE: requests per Teams Workflows webhook per minute. */
  teamsPerMinute: number;
}

/** A send counter: the ids sent under `key` (an address, `slack:<secret>`) in `bucket` (an hour, a minute). */
export interface CapBucket {
  key: string;
  bucket: string;
}

export interface CapKey extends CapBucket {
  cap: number;
}

/**
 * The chat services with a per-webhook rate limit (Slack about 1 message a second, Teams Workflows about 4
 * requests a second, short bursts allowed): a storm routed from many orgs to one channel must fold into
 * digests rather than meet a wall of 429s. PagerDuty is not capped: its dedup_key folds an alert's events
 * into one incident and its own event rules handle storms, so holding pages back would only delay them.
 */
const CHAT_CAPS: Partial<Record<NotificationTargetKind, keyof SendCaps>> = {
  slack: 'slackPerMinute',
  teams: 'teamsPerMinute',
};

type Sendable = Pick<NotificationMessage, 'recipients' | 'targets'>;

/** Where a send is counted and which cap holds it: each mailed address, each Slack / Teams webhook. */
function countedUnder(n: Sendable, now: Date): (CapBucket & { limit: keyof SendCaps })[] {
  // Addresses only when mailed: a chat-only route's recipients (if any) are not sent anything.
  const addresses = mailsTo(n.targets) ? recipientsOf(n) : [];
  const hour = hourBucketOf(now);
  const minute = minuteBucketOf(now);
  return [
    ...addresses.map((key) => ({ key, bucket: hour, limit: 'mailsPerHour' as const })),
    ...n.targets.flatMap((target) => {
      const limit = CHAT_CAPS[target.kind];
      return limit === undefined ? [] : [{ key: targetKeyOf(target), bucket: minute, limit }];
    }),
  ];
}

/** The buckets a send at `now` is counted in (a digest, sent whatever the caps, is counted too). */
export const capBucketsOf = (n: Sendable, now: Date): CapBucket[] =>
  countedUnder(n, now).map(({ key, bucket }) => ({ key, bucket }));

/** The buckets a send at `now` is counted in, each with its cap: any at its cap folds the send. */
export const capKeysOf = (n: Sendable, caps: SendCaps, now: Date): CapKey[] =>
  countedUnder(n, now).map(({ key, bucket, limit }) => ({ key, bucket, cap: caps[limit] }));

/** A notification folded into a window, as stored until the flush. */
export interface FoldedNotification {
  id: string;
  org: string;
  language: NotificationMessage['language'];
  recipients: NotificationMessage['recipients'];
  /** Absent in folds written before targets existed: mail only. */
  targets?: NotificationMessage['targets'];
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
