import type { Firestore } from '@google-cloud/firestore';
import { batchedReads } from '../../platform/firestore/batched-reads';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { conditionalWrite, encodeVersion, jsonData } from '../../platform/firestore/firestore-versioned';
import type { ProbeRoundStore } from '../probe-ports';
import { probeRoundRecordSchema, roundRecordId } from '../probe-round-record';

/** probeRounds/{org}__{chunk}: each chunk's last round, written only at the version it was read at. */
export function firestoreProbeRounds(db: Firestore): ProbeRoundStore {
  const collection = db.collection(COLLECTIONS.probeRounds);
  const reads = batchedReads(db);
  return {
    async get(org, chunk) {
      const snapshot = await reads.get(collection.doc(roundRecordId(org, chunk)));
      if (!snapshot.exists || snapshot.updateTime === undefined) return null;
      const parsed = probeRoundRecordSchema.safeParse(snapshot.data());
      return { record: parsed.success ? parsed.data : null, version: encodeVersion(snapshot.updateTime) };
    },
    async list(orgs) {
      const wanted = orgs ? new Set(orgs) : null;
      const snapshot = await collection.get();
      return snapshot.docs.flatMap((doc) => {
        const parsed = probeRoundRecordSchema.safeParse(doc.data());
        return parsed.success && (wanted === null || wanted.has(parsed.data.org)) ? [parsed.data] : [];
      });
    },
    async write(record, version) {
      const parsed = probeRoundRecordSchema.parse(record);
      const ref = collection.doc(roundRecordId(parsed.org, parsed.chunk));
      return (await conditionalWrite(ref, jsonData(parsed), version)) !== undefined;
    },
  };
}
