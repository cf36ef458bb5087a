import type { Firestore } from '@google-cloud/firestore';
import { firestoreAlertStates } from '../shared/alerting/adapters/firestore-alert-states';
import { type AlertState, alertStateSchema } from '../shared/alerting/router/alert-state';
import type { AlertStatus } from '../shared/mackerel/alert-status';
import { firestoreOrgs } from '../shared/orgs/adapters/firestore-orgs';
import { COLLECTIONS } from '../shared/platform/firestore/firestore-collections';
import { mapLimited } from './map-limited';

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

/** Every alert and alert-group state of one org, open or closed, the unreadable ones named. */
async function allStatesOf(
  db: Firestore,
  org: string,
): Promise<{ states: AlertState[]; unreadable: string[] }> {
  const orgDoc = db.collection(COLLECTIONS.orgs).doc(org);
  const snapshots = await Promise.all(
    [COLLECTIONS.alerts, COLLECTIONS.alertGroups].map((name) => orgDoc.collection(name).get()),
  );
  const result = { states: [] as AlertState[], unreadable: [] as string[] };
  for (const doc of snapshots.flatMap((s) => s.docs)) {
    const parsed = alertStateSchema.safeParse(doc.data());
    if (parsed.success) result.states.push(parsed.data);
    else result.unreadable.push(doc.ref.path);
  }
  return result;
}

/**
 * The router's alert states across every org (or one), read org by org: the npm emulator has no
 * collection-group queries. Open ones through the router's own store (listOpen), all through a plain read.
 */
export async function listAlerts(db: Firestore, query: AlertQuery): Promise<AlertListing> {
  const orgs = query.org ? [query.org] : (await firestoreOrgs(db).list()).map((o) => o.name);
  const store = firestoreAlertStates(db);
  const perOrg = await mapLimited(orgs, 16, async (org) =>
    query.openOnly
      ? { states: (await store.listOpen(org)).map((v) => v.value), unreadable: [] }
      : allStatesOf(db, org),
  );
  const alerts = perOrg
    .flatMap((r) => r.states)
    .filter((a) => query.statuses.length === 0 || query.statuses.includes(a.status))
    .sort(
      (a, b) => b.openedAt - a.openedAt || a.org.localeCompare(b.org) || a.alertId.localeCompare(b.alertId),
    );
  return { alerts, orgs: orgs.length, unreadable: perOrg.flatMap((r) => r.unreadable) };
}
