import { z } from 'zod';
import type { OpenAlertPage } from '../../alerting/adapters/firestore-open-alerts';
import type { PendingDigest } from '../../alerting/adapters/firestore-pending-digests';
import type { OpenAlertEntry } from '../../alerting/router/open-alert-entry';
import { orgNameSchema } from '../../kernel/org-name';
import type { OrgRecord } from '../../orgs/org-record';
import { SEVERITIES, type Severity, severityOf } from './alert-severity';

export const nowFiltersSchema = z.strictObject({
  org: orgNameSchema.optional(),
  severity: z.enum(SEVERITIES).optional(),
});
export type NowFilters = z.infer<typeof nowFiltersSchema>;

export interface NowAlert {
  state: OpenAlertEntry;
  severity: Severity;
  /** The storm-control window this alert was folded into, while it waits for its digest. */
  digest: { routeKey: string; windowEnd: string } | null;
}

/** Alerts listed per org and severity; the rest are counted ("N more") and found on the Alerts page. */
export const NOW_ROWS_PER_SECTION = 20;

/**
 * The newest open alerts Now reads (one indexed query); the totals count every open alert. On a day
 * with more, the page says so and the org and severity filters narrow the read.
 */
export const NOW_ALERT_LIMIT = 500;

export interface NowOrgGroup {
  org: string;
  displayName: string;
  sections: { severity: Severity; alerts: NowAlert[]; more: number }[];
}

export interface NowView {
  groups: NowOrgGroup[];
  /** Every open alert matching the filters, by severity (counted, not read). */
  totals: Record<Severity, number>;
  /** Alerts listed in the groups; fewer than the totals' sum when only the newest were read. */
  shown: number;
  /** Windows holding folded alerts, soonest flush first. */
  storm: PendingDigest[];
}

/**
 * Open alerts across orgs: grouped by org (the org with the newest alert first), then by severity (worst
 * first), newest opened first within each; every alert marked with the digest it waits in, if any.
 */
export function nowView(
  listing: Pick<OpenAlertPage, 'entries' | 'counts'>,
  orgs: readonly OrgRecord[],
  digests: readonly PendingDigest[],
  filters: NowFilters,
): NowView {
  const folded = new Map<string, { routeKey: string; windowEnd: string }>();
  for (const digest of digests) {
    for (const fold of digest.folds) {
      folded.set(`${fold.org}\n${fold.alertId}`, { routeKey: digest.routeKey, windowEnd: digest.windowEnd });
    }
  }
  const names = new Map(orgs.map((org) => [org.name, org.displayName]));
  const byOrg = new Map<string, NowAlert[]>();
  let shown = 0;
  for (const state of listing.entries) {
    const severity = severityOf(state);
    if (!state.isOpen || severity === null) continue;
    if (filters.org !== undefined && state.org !== filters.org) continue;
    if (filters.severity !== undefined && severity !== filters.severity) continue;
    shown += 1;
    const alert = { state, severity, digest: folded.get(`${state.org}\n${state.alertId}`) ?? null };
    byOrg.set(state.org, [...(byOrg.get(state.org) ?? []), alert]);
  }
  const newestFirst = (a: NowAlert, b: NowAlert) =>
    b.state.openedAt - a.state.openedAt || a.state.alertId.localeCompare(b.state.alertId);
  const groups = [...byOrg].map(([org, alerts]) => ({
    org,
    displayName: names.get(org) ?? org,
    newest: Math.max(...alerts.map((a) => a.state.openedAt)),
    sections: SEVERITIES.map((severity) => {
      const all = alerts.filter((a) => a.severity === severity).sort(newestFirst);
      return {
        severity,
        alerts: all.slice(0, NOW_ROWS_PER_SECTION),
        more: Math.max(0, all.length - NOW_ROWS_PER_SECTION),
      };
    }).filter((section) => section.alerts.length > 0),
  }));
  groups.sort((a, b) => b.newest - a.newest || a.org.localeCompare(b.org));
  const storm = digests
    .filter(
      (d) => d.folds.length > 0 && (filters.org === undefined || d.folds.some((f) => f.org === filters.org)),
    )
    .sort((a, b) => a.windowEnd.localeCompare(b.windowEnd));
  const totals = { ...listing.counts };
  return { groups: groups.map(({ newest: _newest, ...group }) => group), totals, shown, storm };
}
