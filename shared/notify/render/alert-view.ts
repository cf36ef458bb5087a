import { formatJst } from '../../kernel/time/jst-format';
import type { AlertStatus } from '../../mackerel/alert-status';
import type { AlertNotification, AlertSummary } from '../message/notification-message';
import type { Labels } from './labels';

/** What the subject, text and HTML bodies all say the same way. */

/** The one alert of an alert, repeat or recovery notification (the schema guarantees exactly one). */
export function theAlert(n: AlertNotification): AlertSummary {
  const [alert] = n.alerts;
  if (alert === undefined) throw new Error(`notification ${n.id} has no alert`);
  return alert;
}

/** Whitespace runs (newlines of check-plugin output included) become one space. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

export const statusLabel = (status: AlertStatus): string => status.toUpperCase();

/** What the alert says: its message, or the monitor's name when there is none (a manual close). */
export function alertText(alert: AlertSummary): string {
  return oneLine(alert.message) || oneLine(alert.monitorName);
}

/**
 * `acme-prod / web01: CPU % 97.5 > 90`. For host-less alerts the target is the service or the monitor
 * name; when the text would only repeat the target it is left out rather than shown twice.
 */
export function alertLine(alert: AlertSummary): string {
  const target = oneLine(alert.target);
  const text = alertText(alert);
  return text === '' || text === target ? `${alert.org} / ${target}` : `${alert.org} / ${target}: ${text}`;
}

/** `ACME (prod) (acme-prod)`, or just the name when the display name adds nothing. */
export function orgLabel(alert: Pick<AlertSummary, 'org' | 'orgDisplayName'>): string {
  const display = oneLine(alert.orgDisplayName);
  return display === alert.org ? alert.org : `${display} (${alert.org})`;
}

/** `CPU % (host)` */
export function monitorLabel(alert: AlertSummary): string {
  const name = oneLine(alert.monitorName);
  return name === '' ? `(${alert.type})` : `${name} (${alert.type})`;
}

export function statusWithPrevious(alert: AlertSummary, labels: Labels): string {
  const current = statusLabel(alert.status);
  return alert.previousStatus === undefined || alert.previousStatus === alert.status
    ? current
    : `${current} (${labels.wasStatus(statusLabel(alert.previousStatus))})`;
}

const SEVERITY: Record<AlertStatus, number> = { ok: 0, unknown: 1, warning: 2, critical: 3 };

/** The status a digest is tagged with: its worst. */
export function worstStatus(alerts: readonly Pick<AlertSummary, 'status'>[]): AlertStatus {
  return alerts.reduce<AlertStatus>(
    (worst, a) => (SEVERITY[a.status] > SEVERITY[worst] ? a.status : worst),
    'ok',
  );
}

/** Orgs in order of first appearance. */
export function orgsOf(alerts: readonly AlertSummary[]): string[] {
  return [...new Set(alerts.map((a) => a.org))];
}

/** A digest's orgs, worst first: as its producer counted them, or (older digests) from its rows. */
export function digestOrgs(n: AlertNotification): string[] {
  return n.orgs ? n.orgs.map((o) => o.org) : orgsOf(n.alerts);
}

/** Alerts a digest accounts for: its rows plus those folded in without one. */
export function digestTotal(n: AlertNotification): number {
  return n.alerts.length + (n.suppressedCount ?? 0);
}

/** `3 alerts in 2 orgs` */
export function digestCount(n: AlertNotification, labels: Labels): string {
  return labels.digestCount(digestTotal(n), digestOrgs(n).length);
}

/** The status a notification is tagged and coloured with: the worst of its alerts, unlisted ones too. */
export function notificationWorst(n: AlertNotification): AlertStatus {
  return n.orgs && n.orgs.length > 0
    ? worstStatus(n.orgs.map((o) => ({ status: o.worst })))
    : worstStatus(n.alerts);
}

/** A digest row's status: a recovered alert says what it was (`OK (was CRITICAL)`). */
export const digestRowStatus = (alert: AlertSummary, labels: Labels): string =>
  alert.closedAt === undefined ? statusLabel(alert.status) : statusWithPrevious(alert, labels);

/** Rows of a digest's per-org table (org, alerts, worst), when it spans more than one org. */
export function digestOrgRows(n: AlertNotification): string[][] {
  if (!n.orgs || n.orgs.length < 2) return [];
  return n.orgs.map((o) => [
    orgLabel({ org: o.org, orgDisplayName: o.orgDisplayName }),
    String(o.alerts),
    statusLabel(o.worst),
  ]);
}

/** A body's first line: `Alert: CRITICAL`, `Recovered: OK`, `Digest: 3 alerts in 2 orgs`. */
export function headline(n: AlertNotification, labels: Labels): string {
  const what = n.kind === 'digest' ? digestCount(n, labels) : statusLabel(notificationWorst(n));
  return `${labels.headline[n.kind]}: ${what}`;
}

export interface Field {
  label: string;
  /** May span lines (a check plugin's message). */
  text: string;
  /** The text is a URL to link. */
  link?: true;
}

/** The facts of one alert, in the order both bodies list them. */
export function alertFields(n: AlertNotification, alert: AlertSummary, labels: Labels): Field[] {
  const { field } = labels;
  const fields: Field[] = [
    { label: field.org, text: orgLabel(alert) },
    { label: field.target, text: oneLine(alert.target) },
    { label: field.monitor, text: monitorLabel(alert) },
    { label: field.status, text: statusWithPrevious(alert, labels) },
  ];
  const message = alert.message.trim();
  if (message !== '') fields.push({ label: field.message, text: message });
  fields.push({ label: field.opened, text: formatJst(alert.openedAt) });
  if (alert.closedAt !== undefined) {
    fields.push({ label: field.closed, text: formatJst(alert.closedAt) });
    if (n.kind === 'recovery') {
      fields.push({ label: field.duration, text: labels.duration(alert.closedAt - alert.openedAt) });
    }
  }
  fields.push({ label: field.alert, text: alert.alertUrl, link: true });
  if (alert.imageUrl !== undefined) fields.push({ label: field.graph, text: alert.imageUrl, link: true });
  return fields;
}
