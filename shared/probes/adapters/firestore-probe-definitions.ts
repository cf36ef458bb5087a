import type { Firestore } from '@google-cloud/firestore';
import type { Logger } from '../../kernel/log/logger';
import { orgNameSchema } from '../../kernel/org-name';
import { batchedReads } from '../../platform/firestore/batched-reads';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { jsonData } from '../../platform/firestore/firestore-versioned';
import { orgProbesSchema } from '../org-probes';
import type { ProbeDefinitionStore } from '../probe-ports';

/** probeDefinitions/{org}: the org's probes and settings, replaced whole by `msp-ops probes set`. */
export function firestoreProbeDefinitions(db: Firestore, logger?: Logger): ProbeDefinitionStore {
  const collection = db.collection(COLLECTIONS.probeDefinitions);
  const reads = batchedReads(db);
  const parse = (path: string, data: unknown) => {
    const parsed = orgProbesSchema.safeParse(data);
    if (parsed.success) return parsed.data;
    // Written through the same schema, so only a hand edit gets here: named, and that org is not probed.
    const issue = parsed.error.issues[0];
    logger?.error('probe definitions unreadable', {
      path,
      field: issue?.path.join('.'),
      problem: issue?.message,
    });
    return null;
  };
  return {
    async get(org) {
      const snapshot = await reads.get(collection.doc(orgNameSchema.parse(org)));
      return snapshot.exists ? parse(snapshot.ref.path, snapshot.data()) : null;
    },
    async list() {
      const snapshot = await collection.get();
      return snapshot.docs.flatMap((doc) => {
        const probes = parse(doc.ref.path, doc.data());
        return probes === null ? [] : [{ org: doc.id, probes }];
      });
    },
    async put(org, probes) {
      await collection.doc(orgNameSchema.parse(org)).set(jsonData(orgProbesSchema.parse(probes)));
    },
  };
}
