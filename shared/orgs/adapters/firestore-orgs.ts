import type { Firestore } from '@google-cloud/firestore';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { type OrgRecord, orgRecordSchema } from '../org-record';

export function firestoreOrgs(db: Firestore) {
  const collection = db.collection(COLLECTIONS.orgs);
  return {
    async upsert(org: OrgRecord): Promise<void> {
      await collection.doc(org.name).set(orgRecordSchema.parse(org));
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
      const snapshot = await collection.doc(name).get();
      const parsed = orgRecordSchema.safeParse(snapshot.data());
      return parsed.success ? parsed.data : undefined;
    },
  };
}
