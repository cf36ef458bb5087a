import { type Firestore, Timestamp } from '@google-cloud/firestore';
import { firestoreDeadLetters } from '../../dead-letters/adapters/firestore-dead-letters';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import type { PipelineHealth } from '../org-audit-ports';

/**
 * The pipeline's vital signs from its own records, with count queries (no documents read): events routed
 * (the router's dedup markers, one per event), the intake backlog waiting for Pub/Sub, and dead letters
 * nobody has replayed yet, per source topic.
 */
export function firestorePipelineHealth(db: Firestore): PipelineHealth {
  const count = async (query: FirebaseFirestore.Query) => (await query.count().get()).data().count;
  return {
    eventsRoutedSince: (since) =>
      count(db.collection(COLLECTIONS.dedupKeys).where('processedAt', '>=', Timestamp.fromDate(since))),
    backlogSize: () => count(db.collection(COLLECTIONS.intakeBacklog)),
    deadLettersByTopic: () => firestoreDeadLetters(db).pendingByTopic(),
  };
}
