import type { Firestore } from '@google-cloud/firestore';
import { batchedReads } from '../../platform/firestore/batched-reads';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { bumpRoutingVersion } from '../../routing/adapters/firestore-routing-versions';
import { type OrgRecord, orgRecordSchema } from '../org-record';

export function firestoreOrgs(db: Firestore) {
  const collection = db.collection(COLLECTIONS.orgs);
  return {
    /** The org record is routing configuration too (language, default route): its version moves with it. */
    async upsert(org: OrgRecord): Promise<void> {
      const batch = db.batch().set(collection.doc(org.name), orgRecordSchema.parse(org));
      await bumpRoutingVersion(batch, db, org.name).commit();
    },
    /** Every org record that parses; one this code cannot read is skipped (and named by the caller's audit). */
    async list(): Promise<OrgRecord[]> {
      const snapshot = await collection.get();
      return snapshot.docs.flatMap((doc) => {
        const parsed = orgRecordSchema.safeParse(doc.data());
        return parsed.success ? [parsed.data] : [];
      });
    },
    async get(name: string): Promise<OrgRecord | undefined> {
      const snapshot = await batchedReads(db).get(collection.doc(name));
      const parsed = orgRecordSchema.safeParse(snapshot.data());
      return parsed.success ? parsed.data : undefined;
    },
  };
}
