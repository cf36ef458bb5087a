import type { Firestore } from '@google-cloud/firestore';
import { orgNameSchema } from '../../kernel/org-name';
import { batchedReads } from '../../platform/firestore/batched-reads';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { jsonData } from '../../platform/firestore/firestore-versioned';
import { probeHostsRecordSchema } from '../probe-hosts';
import type { ProbeHostsStore } from '../probe-ports';

/** probeHosts/{org}: the org's hosts as last fetched; one that does not parse is fetched again. */
export function firestoreProbeHosts(db: Firestore): ProbeHostsStore {
  const collection = db.collection(COLLECTIONS.probeHosts);
  const reads = batchedReads(db);
  return {
    async get(org) {
      const snapshot = await reads.get(collection.doc(orgNameSchema.parse(org)));
      const parsed = probeHostsRecordSchema.safeParse(snapshot.data());
      return parsed.success ? parsed.data : null;
    },
    async put(org, record) {
      await collection.doc(orgNameSchema.parse(org)).set(jsonData(probeHostsRecordSchema.parse(record)));
    },
  };
}
