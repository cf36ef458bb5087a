import type { Firestore } from '@google-cloud/firestore';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { jsonData } from '../../platform/firestore/firestore-versioned';
import { type CommitAlertSubject, commitAlertStateSchema } from '../model/commit-alert-state';
import type { CdnAlertStateStore } from '../watch/cdn-watch-ports';
import { contractSubcollection } from './firestore-cdn-contracts';

/** `2025-04_overage-yen_500000`: readable in the console, and free of `/`. */
const docIdOf = (subject: CommitAlertSubject) => `${subject.month}_${subject.kind}_${subject.band}`;

/** cdnContracts/{id}/alertStates/{month}_{kind}_{band}: one per (contract, JST month, kind, band). */
export function firestoreCdnAlertStates(db: Firestore): CdnAlertStateStore {
  const statesOf = (contractId: string) => contractSubcollection(db, contractId, COLLECTIONS.cdnAlertStates);
  return {
    async list(contractId, month) {
      const snapshot = await statesOf(contractId).where('month', '==', month).get();
      return snapshot.docs.map((doc) => {
        const parsed = commitAlertStateSchema.safeParse(doc.data());
        // An unreadable state must not pass for "clear": the alert would be mailed again.
        if (!parsed.success)
          throw new Error(`unreadable alert state ${doc.ref.path}: ${parsed.error.issues[0]?.message}`);
        return parsed.data;
      });
    },
    async put(states) {
      if (states.length === 0) return;
      const batch = db.batch();
      for (const state of states) {
        const parsed = commitAlertStateSchema.parse(state);
        batch.set(statesOf(parsed.contractId).doc(docIdOf(parsed)), jsonData(parsed));
      }
      await batch.commit();
    },
  };
}
