import type { Firestore } from '@google-cloud/firestore';
import { z } from 'zod';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import type { BacklogEntry, EventBacklog } from '../event-backlog';

const backlogDocSchema = z.object({
  topic: z.string().min(1),
  data: z.string(),
  attributes: z.record(z.string(), z.string()),
  receivedAt: z.iso.datetime(),
});

export function firestoreEventBacklog(db: Firestore): EventBacklog {
  const collection = db.collection(COLLECTIONS.intakeBacklog);
  return {
    async add({ id, ...doc }) {
      // create(), not set(): an id collision must fail loudly rather than overwrite another event.
      await collection.doc(id).create(doc);
    },
    async oldest(limit) {
      const snapshot = await collection.orderBy('receivedAt').limit(limit).get();
      return snapshot.docs.flatMap((d): BacklogEntry[] => {
        const parsed = backlogDocSchema.safeParse(d.data());
        return parsed.success ? [{ id: d.id, ...parsed.data }] : [];
      });
    },
    async remove(id) {
      await collection.doc(id).delete();
    },
    async count() {
      const snapshot = await collection.count().get();
      return snapshot.data().count;
    },
  };
}
