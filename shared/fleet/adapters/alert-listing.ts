import type { Firestore } from '@google-cloud/firestore';
import { firestoreAlertStates } from '../../alerting/adapters/firestore-alert-states';
import type { AlertState } from '../../alerting/router/alert-state';
import { mapLimited } from '../../kernel/map-limited';
import type { AlertStatus } from '../../mackerel/alert-status';
import { firestoreOrgs } from '../../orgs/adapters/firestore-orgs';

export interface AlertQuery {
  org?: string;
  openOnly: boolean;
  /** Statuses to keep; empty keeps every one. */
  statuses: readonly AlertStatus[];
}

export interface AlertListing {
  /** Newest opened first. */
  alerts: AlertState[];
  orgs: number;
  /** Paths of states that do not parse (left out). */
  unreadable: string[];
}

/**
 * The router's alert states across every org (or one), read org by org: the npm emulator has no
 * collection-group queries. Open ones by the router's own query (listOpen), all by listAll.
 */
export async function listAlerts(db: Firestore, query: AlertQuery): Promise<AlertListing> {
  const orgs = query.org ? [query.org] : (await firestoreOrgs(db).list()).map((o) => o.name);
  const store = firestoreAlertStates(db);
  const perOrg = await mapLimited(orgs, 16, async (org) =>
    query.openOnly
      ? { states: (await store.listOpen(org)).map((v) => v.value), unreadable: [] }
      : store.listAll(org),
  );
  const alerts = perOrg
    .flatMap((r) => r.states)
    .filter((a) => query.statuses.length === 0 || query.statuses.includes(a.status))
    .sort(
      (a, b) => b.openedAt - a.openedAt || a.org.localeCompare(b.org) || a.alertId.localeCompare(b.alertId),
    );
  return { alerts, orgs: orgs.length, unreadable: perOrg.flatMap((r) => r.unreadable) };
}
