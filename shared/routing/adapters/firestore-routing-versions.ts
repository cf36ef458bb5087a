import { randomUUID } from 'node:crypto';
import type { DocumentSnapshot, Firestore, WriteBatch } from '@google-cloud/firestore';
import { ALL_ORGS } from '../../kernel/org-name';
import { batchedReads } from '../../platform/firestore/batched-reads';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { encodeVersion } from '../../platform/firestore/firestore-versioned';
import type { RoutingVersions } from '../routing-versions';

/**
 * routingVersions/{org} and routingVersions/* (MSP-wide routes and every-org silences): rewritten in the
 * same batch as each change msp-ops makes, so their update times stamp the configuration.
 */
const versionDoc = (db: Firestore, org: string) => db.collection(COLLECTIONS.routingVersions).doc(org);

/** Adds the version bump of `org` (`*` for MSP-wide documents) to a batch that changes its routing. */
export function bumpRoutingVersion(batch: WriteBatch, db: Firestore, org: string): WriteBatch {
  // A fresh value each time: a write that changes nothing might not move the update time.
  return batch.set(versionDoc(db, org), { org, changedAt: new Date().toISOString(), change: randomUUID() });
}

const stampOf = (snapshot: DocumentSnapshot) =>
  snapshot.exists && snapshot.updateTime !== undefined ? encodeVersion(snapshot.updateTime) : 'none';

export function firestoreRoutingVersions(db: Firestore): RoutingVersions {
  const reads = batchedReads(db);
  return {
    async versionOf(org) {
      const [own, everyOrg] = await Promise.all([
        reads.get(versionDoc(db, org)),
        reads.get(versionDoc(db, ALL_ORGS)),
      ]);
      return `${stampOf(own)}/${stampOf(everyOrg)}`;
    },
  };
}
