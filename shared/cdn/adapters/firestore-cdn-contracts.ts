import type { CollectionReference, DocumentSnapshot, Firestore } from '@google-cloud/firestore';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { jsonData } from '../../platform/firestore/firestore-versioned';
import { type CdnContract, cdnContractSchema } from '../model/contract-schema';
import type { CdnContractStore, UnreadableContract } from '../watch/cdn-watch-ports';

/** The contract document `cdnContracts/{id}` holds, or what is wrong with it (never its values). */
function readContract(snapshot: DocumentSnapshot): CdnContract | UnreadableContract {
  const parsed = cdnContractSchema.safeParse(snapshot.data());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { id: snapshot.id, problem: `${issue?.path.join('.') || '(document)'}: ${issue?.message}` };
  }
  if (parsed.data.id !== snapshot.id) {
    return { id: snapshot.id, problem: `id ${parsed.data.id} does not match the document id` };
  }
  return parsed.data;
}

const isUnreadable = (read: CdnContract | UnreadableContract): read is UnreadableContract =>
  'problem' in read;

/** A subcollection of one contract's document: its hours, its alert states. */
export function contractSubcollection(
  db: Firestore,
  contractId: string,
  name: typeof COLLECTIONS.cdnHours | typeof COLLECTIONS.cdnAlertStates,
): CollectionReference {
  return db
    .collection(COLLECTIONS.cdnContracts)
    .doc(cdnContractSchema.shape.id.parse(contractId))
    .collection(name);
}

/** cdnContracts/{id}: written by people (or the demo seed), read by the watch. */
export function firestoreCdnContracts(db: Firestore): CdnContractStore {
  const contracts = db.collection(COLLECTIONS.cdnContracts);
  return {
    async listEnabled() {
      // No query on fields: a document missing one would not be listed, and so not named as unreadable.
      const snapshot = await contracts.get();
      const reads = snapshot.docs.map(readContract);
      return {
        contracts: reads.filter((r): r is CdnContract => !isUnreadable(r) && r.enabled),
        unreadable: reads.filter(isUnreadable),
      };
    },
    async get(id) {
      const snapshot = await contracts.doc(cdnContractSchema.shape.id.parse(id)).get();
      if (!snapshot.exists) return undefined;
      const read = readContract(snapshot);
      // An unreadable contract must not pass for a missing one: failing makes it dead-letter, where it is seen.
      if (isUnreadable(read))
        throw new Error(`unreadable CDN contract ${snapshot.ref.path}: ${read.problem}`);
      return read;
    },
    async put(contract) {
      const parsed = cdnContractSchema.parse(contract);
      await contracts.doc(parsed.id).set(jsonData(parsed));
    },
  };
}
