import type { Firestore } from '@google-cloud/firestore';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { digestSchema, foldedSchema } from './firestore-grouping-store';

/** A group window that folded alerts and has not been flushed yet: storm control at work. */
export interface PendingDigest {
  digestId: string;
  routeKey: string;
  windowEnd: string;
  /** The alerts folded in so far, by org. */
  folds: { org: string; alertId: string }[];
}

/** groupDigests still open, with what each folded (a storm has a handful of windows, not thousands). */
export async function pendingDigests(db: Firestore): Promise<PendingDigest[]> {
  const digests = db.collection(COLLECTIONS.groupDigests);
  const open = await digests.where('status', '==', 'open').get();
  return Promise.all(
    open.docs.flatMap((doc) => {
      const digest = digestSchema.safeParse(doc.data());
      if (!digest.success) return [];
      return [
        doc.ref
          .collection(COLLECTIONS.groupFolds)
          .get()
          .then((folds) => ({
            digestId: digest.data.digestId,
            routeKey: digest.data.routeKey,
            windowEnd: digest.data.windowEnd,
            folds: folds.docs.flatMap((fold) => {
              const parsed = foldedSchema.safeParse(fold.data());
              return parsed.success ? [{ org: parsed.data.org, alertId: parsed.data.alert.alertId }] : [];
            }),
          })),
      ];
    }),
  );
}
