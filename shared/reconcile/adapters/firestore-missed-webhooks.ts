import type { Firestore } from '@google-cloud/firestore';
import { orgNameSchema } from '../../kernel/org-name';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { docIdOf } from '../../platform/firestore/firestore-doc-id';
import { expiresAfter, RETENTION_DAYS } from '../../platform/firestore/firestore-retention';
import { createOnce } from '../../platform/firestore/firestore-versioned';
import { missedWebhookRecordSchema } from '../missed-webhook-record';
import type { MissedWebhookLedger } from '../reconcile-ports';

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
