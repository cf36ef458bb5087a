import { createHash } from 'node:crypto';
import { ALL_ORGS } from '../../kernel/org-name';
import type { AlertStatus } from '../../mackerel/alert-status';
import {
  type AlertNotification,
  type AlertSummary,
  isAlertNotification,
  type NotificationMessage,
} from '../message/notification-message';
import { subjectLine } from '../message/subject-line';
import {
  alertLine,
  digestTotal,
  monitorLabel,
  notificationWorst,
  oneLine,
  statusLabel,
  theAlert,
  worstStatus,
} from './alert-view';
import { type ChatLinks, codePointPrefix, consoleOrgUrl, cutText, webUrl } from './chat-links';
import { LABELS, type Labels } from './labels';

/**
 * A notification as PagerDuty Events API v2 events (https://developer.pagerduty.com/docs/events-api-v2-overview):
 * an alert triggers, its recovery resolves the same incident (same dedup_key), a digest sends one event
 * per listed alert and, when it has more than fit, one trigger counting the rest. The routing key appears
 * in `routing_key` and nowhere else.
 */

export const MAX_PAGERDUTY_EVENTS = 40;
export const MAX_PAGERDUTY_SUMMARY = 1024;
export const MAX_PAGERDUTY_SOURCE = 255;
export const MAX_PAGERDUTY_DEDUP_KEY = 255;
/** PagerDuty's limit is 512 KB per event; counted in thousands of bytes to stay clear of it. */
export const MAX_PAGERDUTY_EVENT_BYTES = 512_000;
/** Short texts PagerDuty documents no limit for (component, group, class, custom details). */
const MAX_SHORT_TEXT = 255;
const MAX_DETAIL_TEXT = 1024;
/** What the digest summary event lists of a digest's orgs. */
const MAX_SUMMARY_ORGS = 100;
/** Lengths memo and message are cut to, in turn, until an event fits MAX_PAGERDUTY_EVENT_BYTES. */
const LONG_TEXT_CAPS = [100_000, 30_000, 8_000, 2_000] as const;

export type PagerDutySeverity = 'critical' | 'warning' | 'error' | 'info';

export interface PagerDutyLink {
  href: string;
  text: string;
}

export interface PagerDutyTrigger {
  routing_key: string;
  event_action: 'trigger';
  dedup_key: string;
  payload: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp?: string;
    component?: string;
    group: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
  links: PagerDutyLink[];
  client: 'msp-ops-pipeline';
  client_url?: string;
}

export interface PagerDutyResolve {
  routing_key: string;
  event_action: 'resolve';
  dedup_key: string;
}

export type PagerDutyEvent = PagerDutyTrigger | PagerDutyResolve;

const SEVERITIES: Readonly<Record<AlertStatus, PagerDutySeverity>> = {
  critical: 'critical',
  warning: 'warning',
  unknown: 'error',
  ok: 'info',
};

export const pagerDutySeverity = (status: AlertStatus): PagerDutySeverity => SEVERITIES[status];

/** Hex digits of sha256 kept when a key is shortened: 128 bits, no collision to fear. */
const HASH_DIGITS = 32;

/**
 * `mackerel:<org>:<alertId>` (`mackerel:<org>:alertGroup:<id>` for alert groups): the same key for an
 * alert's trigger, its repeats and its recovery, so PagerDuty keeps one incident. A key over 255
 * characters keeps its start and ends in a slice of the whole key's sha256, so two long keys stay apart.
 */
export function dedupKeyOf(alert: Pick<AlertSummary, 'org' | 'alertId' | 'type'>): string {
  const key =
    alert.type === 'alertGroup'
      ? `mackerel:${alert.org}:alertGroup:${alert.alertId}`
      : `mackerel:${alert.org}:${alert.alertId}`;
  if (key.length <= MAX_PAGERDUTY_DEDUP_KEY) return key;
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, HASH_DIGITS);
  return `${codePointPrefix(key, MAX_PAGERDUTY_DEDUP_KEY - HASH_DIGITS - 1)}~${hash}`;
}

const bytes = (event: PagerDutyEvent): number => Buffer.byteLength(JSON.stringify(event), 'utf8');

/** Epoch seconds as ISO 8601, or nothing for a time no date can show. */
function isoTime(epochSeconds: number): string | undefined {
  const date = new Date(epochSeconds * 1000);
  return Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
}

function linksOf(alert: AlertSummary, links: ChatLinks): { links: PagerDutyLink[]; client_url?: string } {
  const alertUrl = webUrl(alert.alertUrl);
  const consoleUrl = consoleOrgUrl(links, alert.org);
  const list: PagerDutyLink[] = [];
  if (alertUrl !== undefined) list.push({ href: alertUrl, text: 'Mackerel alert' });
  if (consoleUrl !== undefined) list.push({ href: consoleUrl, text: 'Operator console' });
  const clientUrl = consoleUrl ?? alertUrl;
  return clientUrl === undefined ? { links: list } : { links: list, client_url: clientUrl };
}

/** `[CRITICAL] acme-prod / web01: CPU % 97.5 > 90`, `[CRITICAL][REPEAT] …`, as the mail's subject says. */
function summaryOf(n: AlertNotification, alert: AlertSummary, labels: Labels): string {
  const status = statusLabel(alert.status);
  const tags = n.kind === 'repeat' ? [status, labels.qualifier.repeat] : [status];
  return cutText(subjectLine(tags, alertLine(alert), Number.POSITIVE_INFINITY), MAX_PAGERDUTY_SUMMARY);
}

function triggerOf(
  n: AlertNotification,
  alert: AlertSummary,
  routingKey: string,
  links: ChatLinks,
  labels: Labels,
  longText: number,
): PagerDutyTrigger {
  const short = (text: string) => cutText(text, MAX_SHORT_TEXT);
  const detail = (text: string) => cutText(text, MAX_DETAIL_TEXT);
  const custom_details: Record<string, unknown> = {
    org: detail(alert.org),
    orgDisplayName: detail(alert.orgDisplayName),
    status: alert.status,
    ...(alert.previousStatus === undefined ? {} : { previousStatus: alert.previousStatus }),
    monitor: detail(monitorLabel(alert)),
    message: cutText(alert.message, longText),
    memo: cutText(alert.memo, longText),
    alertUrl: cutText(alert.alertUrl, MAX_DETAIL_TEXT * 4),
    notificationId: n.id,
    kind: n.kind,
  };
  const timestamp = isoTime(alert.openedAt);
  const component = oneLine(alert.monitorName);
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKeyOf(alert),
    payload: {
      summary: summaryOf(n, alert, labels),
      source: cutText(oneLine(alert.target) || alert.org, MAX_PAGERDUTY_SOURCE),
      severity: pagerDutySeverity(alert.status),
      ...(timestamp === undefined ? {} : { timestamp }),
      component: short(component === '' ? alert.type : component),
      group: short(alert.org),
      class: short(alert.type),
      custom_details,
    },
    ...linksOf(alert, links),
    client: 'msp-ops-pipeline',
  };
}

/** The trigger of an open alert, its memo and message cut until it fits PagerDuty's size limit. */
function fittedTrigger(
  n: AlertNotification,
  alert: AlertSummary,
  routingKey: string,
  links: ChatLinks,
  labels: Labels,
): PagerDutyTrigger {
  let event = triggerOf(n, alert, routingKey, links, labels, LONG_TEXT_CAPS[0]);
  for (const cap of LONG_TEXT_CAPS.slice(1)) {
    if (bytes(event) <= MAX_PAGERDUTY_EVENT_BYTES) break;
    event = triggerOf(n, alert, routingKey, links, labels, cap);
  }
  return event;
}

const resolveOf = (alert: AlertSummary, routingKey: string): PagerDutyResolve => ({
  routing_key: routingKey,
  event_action: 'resolve',
  dedup_key: dedupKeyOf(alert),
});

/** A listed alert of a digest: recovered ones resolve their incident, open ones trigger it. */
function eventOf(
  n: AlertNotification,
  alert: AlertSummary,
  routingKey: string,
  links: ChatLinks,
  labels: Labels,
): PagerDutyEvent {
  return alert.status === 'ok'
    ? resolveOf(alert, routingKey)
    : fittedTrigger(n, alert, routingKey, links, labels);
}

/**
 * The digest's last slot when it has more alerts than events: one trigger of its own (keyed by the
 * notification) counting the alerts not sent one by one. Its severity is the worst of those; unlisted
 * alerts are only known by the digest's worst, so they count as that.
 */
function remainderOf(
  n: AlertNotification,
  rest: readonly AlertSummary[],
  routingKey: string,
  links: ChatLinks,
  labels: Labels,
): PagerDutyTrigger {
  const unlisted = n.suppressedCount ?? 0;
  const count = rest.length + unlisted;
  const worst = worstStatus([...rest, ...(unlisted > 0 ? [{ status: notificationWorst(n) }] : [])]);
  const consoleUrl = consoleOrgUrl(links, n.org);
  const where = consoleUrl === undefined ? labels.chat.seeMackerel : labels.chat.seeConsole;
  const text = `${labels.chat.moreAlerts(count)} — ${where}`;
  const summary = subjectLine([statusLabel(worst), labels.qualifier.digest], text, MAX_PAGERDUTY_SUMMARY);
  const timestamp = n.window === undefined ? undefined : new Date(n.window.to).toISOString();
  const orgs = n.orgs ?? [];
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: `mackerel-digest:${n.id}`,
    payload: {
      summary: cutText(summary, MAX_PAGERDUTY_SUMMARY),
      source: n.org === ALL_ORGS ? 'msp-ops-pipeline' : cutText(n.org, MAX_PAGERDUTY_SOURCE),
      severity: pagerDutySeverity(worst),
      ...(timestamp === undefined ? {} : { timestamp }),
      group: cutText(n.org, MAX_SHORT_TEXT),
      class: 'digest',
      custom_details: {
        notificationId: n.id,
        kind: n.kind,
        org: cutText(n.org, MAX_SHORT_TEXT),
        notSentOneByOne: count,
        listedNotSent: rest.length,
        suppressedCount: unlisted,
        totalAlerts: digestTotal(n),
        ...(n.window === undefined ? {} : { window: n.window }),
        orgs: orgs.slice(0, MAX_SUMMARY_ORGS).map((o) => ({
          org: cutText(o.org, MAX_SHORT_TEXT),
          alerts: o.alerts,
          worst: o.worst,
        })),
        ...(orgs.length > MAX_SUMMARY_ORGS ? { moreOrgs: orgs.length - MAX_SUMMARY_ORGS } : {}),
      },
    },
    links: consoleUrl === undefined ? [] : [{ href: consoleUrl, text: 'Operator console' }],
    client: 'msp-ops-pipeline',
    ...(consoleUrl === undefined ? {} : { client_url: consoleUrl }),
  };
}

function digestEvents(
  n: AlertNotification,
  routingKey: string,
  links: ChatLinks,
  labels: Labels,
): PagerDutyEvent[] {
  const unlisted = n.suppressedCount ?? 0;
  const fitsAll = n.alerts.length + (unlisted > 0 ? 1 : 0) <= MAX_PAGERDUTY_EVENTS;
  const sent = fitsAll ? n.alerts : n.alerts.slice(0, MAX_PAGERDUTY_EVENTS - 1);
  const events = sent.map((a) => eventOf(n, a, routingKey, links, labels));
  if (sent.length < n.alerts.length || unlisted > 0)
    events.push(remainderOf(n, n.alerts.slice(sent.length), routingKey, links, labels));
  return events;
}

/**
 * The events to send, in order. Alert and repeat: one trigger; recovery: one resolve; digest: see
 * digestEvents. Throws for reports: they are mailed only.
 */
export function pagerDutyEventsOf(
  n: NotificationMessage,
  routingKey: string,
  links: ChatLinks,
): PagerDutyEvent[] {
  if (!isAlertNotification(n)) throw new Error('reports are mailed only');
  const labels = LABELS[n.language];
  if (n.kind === 'digest') return digestEvents(n, routingKey, links, labels);
  const alert = theAlert(n);
  return n.kind === 'recovery'
    ? [resolveOf(alert, routingKey)]
    : [fittedTrigger(n, alert, routingKey, links, labels)];
}
