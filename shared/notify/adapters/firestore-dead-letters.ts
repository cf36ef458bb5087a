import type { Firestore } from '@google-cloud/firestore';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { FIRESTORE_CODES, firestoreErrorCode } from '../../platform/firestore/firestore-errors';
import type { DeadLetterStore } from '../delivery/dead-letter-store';

/**
 * deadLetters/{messageId}. No TTL: each one is an operator's to-do, and deleting it is their call.
 * They are rare (a notification that failed every delivery attempt), so the collection stays small.
 */
export function firestoreDeadLetters(db: Firestore): DeadLetterStore {
  const collection = db.collection(COLLECTIONS.deadLetters);
  return {
    async record({ id, ...entry }) {
      try {
        await collection.doc(id).create(entry);
        return true;
      } catch (error) {
        if (firestoreErrorCode(error) === FIRESTORE_CODES.alreadyExists) return false;
        throw error;
      }
    },
  };
}
