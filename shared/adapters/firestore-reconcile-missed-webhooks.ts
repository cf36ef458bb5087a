import type { Firestore } from '@google-cloud/firestore';
import { orgNameSchema } from '../orgs/org-name';
import { missedWebhookRecordSchema } from '../reconcile/missed-webhook-record';
import type { MissedWebhookLedger } from '../reconcile/reconcile-ports';
import { COLLECTIONS } from './firestore-collections';
import { expiresAfter, RETENTION_DAYS } from './firestore-retention';
import { docIdOf } from './firestore-router-doc-id';
import { createOnce } from './firestore-router-versioned';

/**
 * missedWebhooks/{org}__{changeId}: one create-only document per missed change, so a redelivered or
 * repeated reconciliation counts it once. Top level, so the daily summary counts every org in one query
 * (a single-field range on detectedAt, which Firestore indexes by itself).
 */
export function firestoreMissedWebhooks(db: Firestore): MissedWebhookLedger {
  const collection = db.collection(COLLECTIONS.missedWebhooks);
  return {
    async record(records) {
      await Promise.all(
        records.map((record) => {
          const parsed = missedWebhookRecordSchema.parse(record);
          const id = docIdOf(`${orgNameSchema.parse(parsed.org)}__${parsed.changeId}`);
          return createOnce(collection.doc(id), {
            ...parsed,
            expiresAt: expiresAfter(parsed.detectedAt, RETENTION_DAYS.missedWebhooks),
          });
        }),
      );
    },

    async missedWebhooksSince(since) {
      const snapshot = await collection.where('detectedAt', '>=', since.toISOString()).get();
      const counts = new Map<string, number>();
      for (const doc of snapshot.docs) {
        // A record this code cannot read is still a missed webhook of some org: counted if its org is legible.
        const parsed = missedWebhookRecordSchema.pick({ org: true }).safeParse(doc.data());
        if (parsed.success) counts.set(parsed.data.org, (counts.get(parsed.data.org) ?? 0) + 1);
      }
      return Object.fromEntries(counts);
    },
  };
}
