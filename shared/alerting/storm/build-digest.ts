import { ALL_ORGS } from '../../kernel/org-name';
import type { AlertStatus } from '../../mackerel/alert-status';
import type { AlertSummary, DigestOrg, NotificationMessage } from '../../notify/message/notification-message';
import { EMAIL_ONLY } from '../../notify/targets/notification-target';
import type { DigestWindow, FoldedNotification } from './grouping';

/** Folded alerts listed in a digest; the rest are counted (suppressedCount). Keeps Firestore docs small. */
export const MAX_LISTED_ALERTS = 200;

/** Where an alert stands when its digest is flushed; undefined when unknown (what was folded stands). */
export type AlertAtFlush =
  | { isOpen: true; status: AlertStatus }
  | { isOpen: false; closedAt: number }
  | undefined;

const SEVERITY: Record<AlertStatus, number> = { ok: 0, unknown: 1, warning: 2, critical: 3 };

/** One alert of a digest: the last notification folded about it, as it stands at the flush. */
interface DigestEntry {
  folded: FoldedNotification;
  alert: AlertSummary;
}

/** The alert's key across orgs: one row per alert however often it changed in the window. */
export const alertKeyOf = (alert: Pick<AlertSummary, 'org' | 'alertId' | 'type'>): string =>
  `${alert.org}/${alert.type === 'alertGroup' ? 'alertGroup' : 'alert'}/${alert.alertId}`;

/** Receive order: when the router folded it (older folds lack the time and sort first, by id). */
const byReceipt = (a: FoldedNotification, b: FoldedNotification): number =>
  (a.foldedAt ?? '').localeCompare(b.foldedAt ?? '') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function atFlush(alert: AlertSummary, now: AlertAtFlush): AlertSummary {
  if (now === undefined) return alert;
  if (!now.isOpen) return { ...alert, previousStatus: alert.status, status: 'ok', closedAt: now.closedAt };
  return now.status === alert.status ? alert : { ...alert, previousStatus: alert.status, status: now.status };
}

function orgsOf(entries: readonly DigestEntry[]): DigestOrg[] {
  const byOrg = new Map<string, DigestOrg>();
  for (const { alert } of entries) {
    const seen = byOrg.get(alert.org);
    if (seen === undefined) {
      byOrg.set(alert.org, {
        org: alert.org,
        orgDisplayName: alert.orgDisplayName,
        alerts: 1,
        worst: alert.status,
      });
    } else {
      seen.alerts++;
      if (SEVERITY[alert.status] > SEVERITY[seen.worst]) seen.worst = alert.status;
    }
  }
  return [...byOrg.values()].sort(
    (a, b) => SEVERITY[b.worst] - SEVERITY[a.worst] || b.alerts - a.alerts || a.org.localeCompare(b.org),
  );
}

/** Round robin over the orgs (worst first), each org's alerts in receive order: no org crowds out another. */
function fairListing(
  entries: readonly DigestEntry[],
  orgs: readonly DigestOrg[],
  max: number,
): DigestEntry[] {
  const byOrg = new Map<string, DigestEntry[]>();
  for (const e of entries) {
    const queue = byOrg.get(e.alert.org);
    if (queue) queue.push(e);
    else byOrg.set(e.alert.org, [e]);
  }
  const queues = orgs.map((o) => byOrg.get(o.org) ?? []);
  const listed: DigestEntry[] = [];
  for (let round = 0; listed.length < max && queues.some((q) => q.length > round); round++) {
    for (const queue of queues) {
      const entry = queue[round];
      if (entry !== undefined && listed.length < max) listed.push(entry);
    }
  }
  return listed.sort((a, b) => byReceipt(a.folded, b.folded));
}

/**
 * The digest of a window: each alert once (the last notification folded about it) as it stands at the
 * flush (`now`: a recovered one is marked so), every org counted with its worst status, and at most
 * `max` alerts listed, taken in turn from each org and shown in the order they were received.
 */
export function buildDigest(
  window: DigestWindow,
  folded: readonly FoldedNotification[],
  now: (alert: AlertSummary) => AlertAtFlush = () => undefined,
  max = MAX_LISTED_ALERTS,
): NotificationMessage {
  const latest = new Map<string, FoldedNotification>();
  for (const f of [...folded].sort(byReceipt)) latest.set(alertKeyOf(f.alert), f);
  const entries = [...latest.values()].map((f) => ({ folded: f, alert: atFlush(f.alert, now(f.alert)) }));
  const first = entries[0];
  if (first === undefined) throw new Error(`digest ${window.digestId} has nothing folded`);
  const last = entries[entries.length - 1] ?? first;
  const orgs = orgsOf(entries);
  const listed = fairListing(entries, orgs, max);
  return {
    version: 1,
    id: window.digestId,
    kind: 'digest',
    org: orgs.length === 1 ? first.alert.org : ALL_ORGS,
    routeId: window.routeKey,
    language: first.folded.language,
    recipients: last.folded.recipients,
    targets: last.folded.targets ?? [...EMAIL_ONLY],
    correlationId: window.digestId,
    alerts: listed.map((e) => e.alert),
    window: { from: window.windowStart, to: window.windowEnd },
    orgs,
    ...(entries.length > listed.length ? { suppressedCount: entries.length - listed.length } : {}),
  };
}
