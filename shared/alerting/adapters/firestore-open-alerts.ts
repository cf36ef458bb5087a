import type { DocumentReference, Firestore, Query, WriteBatch } from '@google-cloud/firestore';
import { orgNameSchema } from '../../kernel/org-name';
import { type AlertStatus, OPEN_ALERT_STATUSES, type OpenAlertStatus } from '../../mackerel/alert-status';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { docIdOf } from '../../platform/firestore/firestore-doc-id';
import { jsonData } from '../../platform/firestore/firestore-versioned';
import type { AlertState, AlertSubject } from '../router/alert-state';
import { type OpenAlertEntry, openAlertEntryOf, openAlertEntrySchema } from '../router/open-alert-entry';

export interface OpenAlertQuery {
  org?: string;
  status?: OpenAlertStatus;
  /** The newest this many, by openedAt. */
  limit: number;
}

export interface OpenAlertPage {
  /** Newest opened first. */
  entries: OpenAlertEntry[];
  /** Open alerts per status matching the query's org (and status), counted by Firestore, not read. */
  counts: Record<OpenAlertStatus, number>;
  /** Paths of entries that do not parse (left out). */
  unreadable: string[];
}

export interface OpenAlertIndex {
  docOf(org: string, subject: AlertSubject): DocumentReference;
  newest(query: OpenAlertQuery): Promise<OpenAlertPage>;
  /**
   * Makes the org's entries match its open states (`open`: every open state of the org): for states
   * written before the index existed, or an entry left by hand. Resolves entries written and deleted.
   */
  reconcile(org: string, open: readonly AlertState[]): Promise<{ written: number; deleted: number }>;
}

/** A Firestore batch holds at most 500 writes. */
const BATCH_WRITES = 500;

export function firestoreOpenAlerts(db: Firestore): OpenAlertIndex {
  const index = db.collection(COLLECTIONS.openAlerts);
  const docOf = (org: string, subject: AlertSubject) =>
    index.doc(`${orgNameSchema.parse(org)}__${subject.kind}__${docIdOf(subject.id)}`);
  const scoped = (query: { org?: string; status?: AlertStatus }): Query => {
    let scope: Query = index;
    if (query.org !== undefined) scope = scope.where('org', '==', orgNameSchema.parse(query.org));
    if (query.status !== undefined) scope = scope.where('status', '==', query.status);
    return scope;
  };

  return {
    docOf,
    async newest(query) {
      const statuses = query.status === undefined ? OPEN_ALERT_STATUSES : [query.status];
      const [snapshot, ...counted] = await Promise.all([
        scoped(query).orderBy('openedAt', 'desc').limit(query.limit).get(),
        ...statuses.map((status) =>
          scoped({ ...query, status })
            .count()
            .get(),
        ),
      ]);
      const counts: Record<OpenAlertStatus, number> = { critical: 0, warning: 0, unknown: 0 };
      statuses.forEach((status, i) => {
        counts[status] = counted[i]?.data().count ?? 0;
      });
      const page: OpenAlertPage = { entries: [], counts, unreadable: [] };
      for (const doc of snapshot?.docs ?? []) {
        const parsed = openAlertEntrySchema.safeParse(doc.data());
        if (parsed.success) page.entries.push(parsed.data);
        else page.unreadable.push(doc.ref.path);
      }
      return page;
    },
    async reconcile(org, open) {
      const wanted = new Map(
        open
          .filter((state) => state.isOpen)
          .map((state) => {
            const ref = docOf(org, { kind: state.kind, id: state.alertId });
            return [ref.id, { ref, state }] as const;
          }),
      );
      const existing = await scoped({ org }).select().get();
      const stale = existing.docs.filter((doc) => !wanted.has(doc.id)).map((doc) => doc.ref);
      const writes: Array<(batch: WriteBatch) => void> = [
        ...[...wanted.values()].map(
          ({ ref, state }) =>
            (batch: WriteBatch) =>
              batch.set(ref, jsonData(openAlertEntryOf(state))),
        ),
        ...stale.map((ref) => (batch: WriteBatch) => batch.delete(ref)),
      ];
      for (let start = 0; start < writes.length; start += BATCH_WRITES) {
        const batch = db.batch();
        for (const write of writes.slice(start, start + BATCH_WRITES)) write(batch);
        await batch.commit();
      }
      return { written: wanted.size, deleted: stale.length };
    },
  };
}
