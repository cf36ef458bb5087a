import { FieldValue, type Firestore, Timestamp } from '@google-cloud/firestore';
import { z } from 'zod';
import { topicOfSubscription } from '../../kernel/topology';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { FIRESTORE_CODES, firestoreErrorCode } from '../../platform/firestore/firestore-errors';
import { type DeadLetterRecord, type DeadLetterStore, pendingByTopic } from '../dead-letter-store';

const time = z.instanceof(Timestamp).transform((t) => t.toDate());

/** A stored record; those written before source topics and replays were kept read as never replayed. */
const storedSchema = z.object({
  sourceTopic: z.string().optional(),
  sourceSubscription: z.string().optional(),
  deliveryAttempts: z.number().optional(),
  publishedAt: z.string().optional(),
  notificationId: z.string().optional(),
  org: z.string().optional(),
  kind: z.string().optional(),
  routeId: z.string().optional(),
  correlationId: z.string().optional(),
  issues: z.array(z.string()).optional(),
  data: z.string(),
  dataTruncated: z.literal(true).optional(),
  attributes: z.record(z.string(), z.string()),
  recordedAt: time,
  replays: z.number().int().nonnegative().default(0),
  lastReplayedAt: time.optional(),
});

function recordOf(id: string, data: unknown): DeadLetterRecord {
  const { sourceTopic, ...rest } = storedSchema.parse(data);
  // Records from before sourceTopic was kept: the source subscription is `<topic>--<function>`.
  const topic =
    sourceTopic ?? (rest.sourceSubscription ? topicOfSubscription(rest.sourceSubscription) : undefined);
  return { id, ...(topic ? { sourceTopic: topic } : {}), ...rest };
}

/**
 * deadLetters/{messageId}. No TTL: each one is an operator's to-do, and deleting it is their call. They
 * are rare (a message that failed every delivery attempt), so listings read the whole collection and
 * filter here (no index, and no `== null` filter, which the emulator ignores).
 */
export function firestoreDeadLetters(db: Firestore): DeadLetterStore {
  const collection = db.collection(COLLECTIONS.deadLetters);
  const all = async () =>
    (await collection.get()).docs
      .map((doc) => recordOf(doc.id, doc.data()))
      .sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime() || a.id.localeCompare(b.id));
  return {
    async record({ id, ...entry }) {
      try {
        // Keys left undefined are dropped (whatever the client's settings); dates become timestamps.
        const defined = Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
        await collection.doc(id).create({ ...defined, replays: 0 });
        return true;
      } catch (error) {
        if (firestoreErrorCode(error) === FIRESTORE_CODES.alreadyExists) return false;
        throw error;
      }
    },
    async list(query) {
      return (await all()).filter(
        (r) =>
          (query.topic === undefined || r.sourceTopic === query.topic) &&
          (!query.pendingOnly || (r.replays ?? 0) === 0),
      );
    },
    async get(id) {
      const snapshot = await collection.doc(id).get();
      return snapshot.exists ? recordOf(id, snapshot.data()) : undefined;
    },
    async markReplayed(id, at) {
      await collection
        .doc(id)
        .update({ replays: FieldValue.increment(1), lastReplayedAt: Timestamp.fromDate(at) });
    },
    pendingByTopic: async () => pendingByTopic(await all()),
  };
}
