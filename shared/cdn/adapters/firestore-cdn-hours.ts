import type { Firestore } from '@google-cloud/firestore';
import { HOUR_MS } from '../../kernel/time/jst-calendar';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { expiresAfter, RETENTION_DAYS } from '../../platform/firestore/firestore-retention';
import { hourStartUtcOf } from '../model/hourly-bucket';
import type { CdnHourStore } from '../watch/cdn-watch-ports';
import { storedHourSchema } from '../watch/stored-hour';
import { contractSubcollection } from './firestore-cdn-contracts';

/** Firestore's limit on writes per batch. */
const BATCH_WRITES = 500;

/** The first hour start at or after `instant`, as hourStartUtc is written (so the strings compare as times). */
const firstHourFrom = (instant: Date) =>
  hourStartUtcOf(new Date(Math.ceil(instant.getTime() / HOUR_MS) * HOUR_MS));

/**
 * cdnContracts/{id}/hours/{hourStartUtc}: the document id is the hour, so writing an hour again replaces
 * it (a revised or late bucket wins) and a repeated run stores the same hours. TTL deletes an hour
 * RETENTION_DAYS.cdnHours after it started.
 */
export function firestoreCdnHours(db: Firestore): CdnHourStore {
  const hoursOf = (contractId: string) => contractSubcollection(db, contractId, COLLECTIONS.cdnHours);
  return {
    async upsert(contractId, hours) {
      const collection = hoursOf(contractId);
      for (let i = 0; i < hours.length; i += BATCH_WRITES) {
        const batch = db.batch();
        for (const hour of hours.slice(i, i + BATCH_WRITES)) {
          const parsed = storedHourSchema.parse(hour);
          batch.set(collection.doc(parsed.hourStartUtc), {
            ...parsed,
            expiresAt: expiresAfter(parsed.hourStartUtc, RETENTION_DAYS.cdnHours),
          });
        }
        await batch.commit();
      }
    },
    async read(contractId, range) {
      const snapshot = await hoursOf(contractId)
        .where('hourStartUtc', '>=', firstHourFrom(range.from))
        .where('hourStartUtc', '<', firstHourFrom(range.to))
        .orderBy('hourStartUtc')
        .get();
      return snapshot.docs.map((doc) => {
        const parsed = storedHourSchema.safeParse(doc.data());
        // A damaged hour must not pass for a missing one: that would silently stop the data-complete time.
        if (!parsed.success)
          throw new Error(`unreadable CDN hour ${doc.ref.path}: ${parsed.error.issues[0]?.message}`);
        return parsed.data;
      });
    },
  };
}
