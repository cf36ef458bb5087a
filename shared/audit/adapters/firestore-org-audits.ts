import type { Firestore } from '@google-cloud/firestore';
import { orgNameSchema } from '../../kernel/org-name';
import { batchedReads } from '../../platform/firestore/batched-reads';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { jsonData } from '../../platform/firestore/firestore-versioned';
import { type HostCountDay, hostCountDaySchema } from '../host-count-day';
import { hostIndexDocOf, hostIndexDocSchema, snapshotOfHostIndex } from '../host-index';
import type { OrgAuditStore } from '../org-audit-ports';
import { type OrgAuditState, orgAuditStateSchema } from '../org-audit-state';
import { orgAuditSummaryOf } from '../org-audit-summary';

/**
 * orgAudits/{org}: one document per org, replaced each round (a round decides against the whole previous
 * state), with hostIndex/{org} beside it (the host snapshot as one string, for search across orgs) and
 * auditSummaries/{org} (the state without the snapshot, for pages across orgs).
 * orgs/{org}/hostCounts/{JST date}: the day's billable host counts, kept for trends.
 */
export function firestoreOrgAudits(db: Firestore): OrgAuditStore {
  const states = db.collection(COLLECTIONS.orgAudits);
  const index = db.collection(COLLECTIONS.hostIndex);
  const summaries = db.collection(COLLECTIONS.auditSummaries);
  const daysOf = (org: string) =>
    db.collection(COLLECTIONS.orgs).doc(orgNameSchema.parse(org)).collection(COLLECTIONS.hostCounts);
  // A state this code cannot read must not pass for "never audited" (every host would be new again).
  const parseState = (path: string, data: unknown): OrgAuditState => {
    const parsed = orgAuditStateSchema.safeParse(data);
    if (!parsed.success)
      throw new Error(`unreadable audit state ${path}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  };
  const reads = batchedReads(db);
  return {
    async get(org) {
      const snapshot = await reads.get(states.doc(orgNameSchema.parse(org)));
      return snapshot.exists ? parseState(snapshot.ref.path, snapshot.data()) : null;
    },
    async put(state) {
      const org = orgNameSchema.parse(state.org);
      const parsed = orgAuditStateSchema.parse(state);
      const batch = db
        .batch()
        .set(states.doc(org), jsonData(parsed))
        .set(summaries.doc(org), jsonData(orgAuditSummaryOf(parsed)));
      if (parsed.snapshot !== null) batch.set(index.doc(org), hostIndexDocOf(org, parsed.snapshot));
      await batch.commit();
    },
    async listSnapshots() {
      const snapshot = await index.get();
      return snapshot.docs.flatMap((doc) => {
        const parsed = hostIndexDocSchema.safeParse(doc.data());
        return parsed.success ? [{ org: parsed.data.org, snapshot: snapshotOfHostIndex(parsed.data) }] : [];
      });
    },
    async list() {
      const snapshot = await states.get();
      return snapshot.docs.map((doc) => parseState(doc.ref.path, doc.data()));
    },
    async getHostCountDay(org, date) {
      const snapshot = await reads.get(daysOf(org).doc(date));
      const parsed = hostCountDaySchema.safeParse(snapshot.data());
      return parsed.success ? parsed.data : null;
    },
    async putHostCountDay(day: HostCountDay) {
      await daysOf(day.org).doc(day.date).set(hostCountDaySchema.parse(day));
    },
  };
}
