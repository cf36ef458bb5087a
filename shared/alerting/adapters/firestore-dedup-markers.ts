import { type Firestore, Timestamp } from '@google-cloud/firestore';
import { batchedReads } from '../../platform/firestore/batched-reads';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { docIdOf } from '../../platform/firestore/firestore-doc-id';
import type { DedupMarkers } from '../router/router-ports';

/**
 * dedupKeys/{org}__{key}: one marker per routed event. Namespaced by org: two orgs' `sample` bodies hash
 * alike. expiresAt feeds the collection's TTL policy (infra/firestore.tf); TTL deletes within about a
 * day of expiry, so an expired marker still present counts as absent.
 */
export function firestoreDedupMarkers(db: Firestore): DedupMarkers {
  const collection = db.collection(COLLECTIONS.dedupKeys);
  const docOf = (org: string, key: string) => collection.doc(docIdOf(`${org}__${key}`));
  const reads = batchedReads(db);
  return {
    async isDone(org, key, now) {
      const snapshot = await reads.get(docOf(org, key));
      const expiresAt: unknown = snapshot.get('expiresAt');
      return snapshot.exists && expiresAt instanceof Timestamp && expiresAt.toMillis() > now.getTime();
    },
    async markDone(marker) {
      await docOf(marker.org, marker.key).set({
        org: marker.org,
        key: marker.key,
        eventType: marker.eventType,
        outcome: marker.outcome,
        processedAt: Timestamp.fromDate(marker.processedAt),
        expiresAt: Timestamp.fromDate(marker.expiresAt),
      });
    },
  };
}
