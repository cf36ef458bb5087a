import type { Firestore } from '@google-cloud/firestore';
import { orgNameSchema } from '../../kernel/org-name';
import { batchedReads } from '../../platform/firestore/batched-reads';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { jsonData } from '../../platform/firestore/firestore-versioned';
import { type MonitorPlanStore, monitorPlanRecordSchema } from '../monitor-plan-record';

/** monitorPlans/{org}, one document per org, replaced by each push. */
export function firestoreMonitorPlans(db: Firestore): MonitorPlanStore {
  const plans = db.collection(COLLECTIONS.monitorPlans);
  // Batched: the audit reads the plan in the same turn as the org's state, so both go in one call.
  const reads = batchedReads(db);
  return {
    async get(org) {
      const snapshot = await reads.get(plans.doc(orgNameSchema.parse(org)));
      if (!snapshot.exists) return null;
      // A plan this code cannot read must not pass for "no plan" (drift would go quiet): say so.
      const parsed = monitorPlanRecordSchema.safeParse(snapshot.data());
      if (!parsed.success)
        throw new Error(`unreadable monitor plan ${snapshot.ref.path}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    },
    async put(record) {
      const parsed = monitorPlanRecordSchema.parse(record);
      await plans.doc(parsed.org).set(jsonData(parsed));
    },
  };
}
