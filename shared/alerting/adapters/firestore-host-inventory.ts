import type { Firestore } from '@google-cloud/firestore';
import { orgNameSchema } from '../../kernel/org-name';
import { batchedReads } from '../../platform/firestore/batched-reads';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { docIdOf } from '../../platform/firestore/firestore-doc-id';
import { conditionalWrite, encodeVersion, jsonData } from '../../platform/firestore/firestore-versioned';
import { type HostRecord, hostRecordSchema } from '../router/host-record';
import type { HostInventory } from '../router/router-ports';

/** Host inventory: orgs/{org}/hosts/{hostId}. */
export interface FirestoreHostInventory extends HostInventory {
  /** Every host record of the org that parses (a listing leaves the others out). */
  list(org: string): Promise<HostRecord[]>;
}

export function firestoreHostInventory(db: Firestore): FirestoreHostInventory {
  const hostsOf = (org: string) =>
    db.collection(COLLECTIONS.orgs).doc(orgNameSchema.parse(org)).collection(COLLECTIONS.hosts);
  const docOf = (org: string, hostId: string) => hostsOf(org).doc(docIdOf(hostId));
  const reads = batchedReads(db);

  return {
    async get(org, hostId) {
      const snapshot = await reads.get(docOf(org, hostId));
      const data = snapshot.data();
      if (!snapshot.exists || data === undefined || snapshot.updateTime === undefined) return undefined;
      const parsed = hostRecordSchema.safeParse(data);
      if (!parsed.success) {
        throw new Error(`unreadable host record ${snapshot.ref.path}: ${parsed.error.issues[0]?.message}`);
      }
      return { value: parsed.data, version: encodeVersion(snapshot.updateTime) };
    },
    async list(org) {
      const snapshot = await hostsOf(org).get();
      return snapshot.docs.flatMap((doc) => {
        const parsed = hostRecordSchema.safeParse(doc.data());
        return parsed.success ? [parsed.data] : [];
      });
    },
    put: (org, record, version) => conditionalWrite(docOf(org, record.hostId), jsonData(record), version),
  };
}
