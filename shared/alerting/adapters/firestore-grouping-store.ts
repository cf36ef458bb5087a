import { createHash } from 'node:crypto';
import type { Firestore } from '@google-cloud/firestore';
import { z } from 'zod';
import { alertSummarySchema, LANGUAGES } from '../../notify/message/notification-message';
import { notificationTargetSchema } from '../../notify/targets/notification-target';
import { batchedReads } from '../../platform/firestore/batched-reads';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { docIdOf } from '../../platform/firestore/firestore-doc-id';
import { FIRESTORE_CODES, firestoreErrorCode } from '../../platform/firestore/firestore-errors';
import { expiresAfter, RETENTION_DAYS } from '../../platform/firestore/firestore-retention';
import { createOnce, jsonData } from '../../platform/firestore/firestore-versioned';
import { type CapBucket, digestIdOf, type FoldedNotification } from '../storm/grouping';
import type { GroupingStore } from '../storm/grouping-ports';

const windowSchema = z.object({
  scopeKey: z.string(),
  routeKey: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  firstSentId: z.string().nullable(),
});

export const digestSchema = z.object({
  digestId: z.string(),
  scopeKey: z.string(),
  routeKey: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  status: z.enum(['open', 'sent']),
});

export const foldedSchema = z.object({
  id: z.string(),
  org: z.string(),
  language: z.enum(LANGUAGES),
  recipients: z.object({ to: z.array(z.string()), cc: z.array(z.string()) }),
  targets: z.array(notificationTargetSchema).min(1).optional(),
  alert: alertSummarySchema,
  foldedAt: z.string().optional(),
});

/**
 * Storm control's state, on writes that Firestore and the npm emulator both enforce: create() (which
 * fails with ALREADY_EXISTS) and writes keyed by id, so every retry writes what the first attempt wrote.
 * No transactions and no lastUpdateTime preconditions (the emulator never makes transactions conflict
 * and ignores the preconditions, so tests could not show they protect anything).
 * - groupWindowOpens/{scope}__after__{previous start}: opening a window is creating the one successor
 *   of the window read (or of none): of two routers that both found no open window, one creates it, the
 *   other gets ALREADY_EXISTS and folds into the winner's window.
 * - groupWindows/{scope}: the scope's current window (start, end, the id sent at once), a pointer each
 *   opener sets after its create; the version a caller passes back is the window's start.
 * - groupDigests/{digestId}: one per window that folded something; status open -> sent.
 * - groupDigests/{digestId}/groupFolds/{notificationId}: one folded notification (create-only), under its
 *   digest so the flush reads one small collection (and the npm emulator, whose inserts cost in proportion
 *   to the collection's size, is not slowed by every fold ever made).
 * - recipientHours/{key}__{bucket}: ids sent under a cap key in a bucket (a map, set-union):
 *   {address}__{yyyymmddhh} for mail (the id as before per-target caps, so counts survive a deploy) and
 *   e.g. slack:{secret}__m{yyyymmddhhmm} for a chat webhook's minute.
 * The opening and the pointer go in one commit, opening first: the npm emulator applies a commit's writes
 * one by one and stops at the first that fails, so there as in Firestore a lost create writes nothing.
 */
const idKeyOf = (notificationId: string) =>
  `n${createHash('sha256').update(notificationId).digest('hex').slice(0, 32)}`;

/** Digest ids this process knows exist; bounded, since a long-lived instance sees many windows. */
const KNOWN_DIGESTS_MAX = 10_000;

export function firestoreGroupingStore(db: Firestore): GroupingStore {
  const windows = db.collection(COLLECTIONS.groupWindows);
  const opens = db.collection(COLLECTIONS.groupWindowOpens);
  const digests = db.collection(COLLECTIONS.groupDigests);
  const hours = db.collection(COLLECTIONS.recipientHours);
  const foldsOf = (digestId: string) => digests.doc(digestId).collection(COLLECTIONS.groupFolds);
  const reads = batchedReads(db);
  const bucketDoc = ({ key, bucket }: CapBucket) => hours.doc(docIdOf(`${key}__${bucket}`));
  /**
   * A set-union into the key's bucket: a key of the `ids` map per notification. The key is a hash of
   * the id, a plain field name: an id's `-` and `:` would make a quoted field path, which the npm emulator
   * drops from a merge (so locally the cap never counted), and Firestore limits path characters anyway.
   */
  const bucketWrite = ({ key, bucket }: CapBucket, notificationId: string, now: Date) =>
    [
      bucketDoc({ key, bucket }),
      {
        key,
        bucket,
        ids: { [idKeyOf(notificationId)]: true },
        expiresAt: expiresAfter(now, RETENTION_DAYS.recipientHours),
      },
      { merge: true },
    ] as const;
  // A storm folds many alerts into one window: the digest record is created by the first, and a second
  // create would only fail. Whether it exists is remembered (a digest is never deleted while open).
  const knownDigests = new Set<string>();
  return {
    async getWindow(scopeKey) {
      const snapshot = await reads.get(windows.doc(docIdOf(scopeKey)));
      if (!snapshot.exists) return undefined;
      const value = windowSchema.parse(snapshot.data());
      return { value, version: value.windowStart };
    },
    /**
     * Opens `window` as the successor of the window at `version` (undefined: of none). When another
     * router opened that successor first, points the scope at the winner (so the caller's next read sees
     * it, even if the winner died before setting the pointer) and answers undefined: decide again.
     */
    async putWindow(window, version, sent) {
      const pointer = windows.doc(docIdOf(window.scopeKey));
      const opening = opens.doc(docIdOf(`${window.scopeKey}__after__${version ?? 'none'}`));
      const expiresAt = expiresAfter(window.windowEnd, RETENTION_DAYS.groupWindowOpens);
      try {
        const batch = db
          .batch()
          .create(opening, { ...jsonData(window), expiresAt })
          .set(pointer, jsonData(window));
        if (sent !== undefined) {
          for (const bucket of sent.buckets) batch.set(...bucketWrite(bucket, sent.notificationId, sent.now));
        }
        await batch.commit();
        return window.windowStart;
      } catch (error) {
        if (firestoreErrorCode(error) !== FIRESTORE_CODES.alreadyExists) throw error;
      }
      const winner = windowSchema.parse((await opening.get()).data());
      await pointer.set(jsonData(winner));
      return undefined;
    },
    async fold(window, folded) {
      const digestId = digestIdOf(window.scopeKey, window.windowStart);
      if (!knownDigests.has(digestId)) {
        await createOnce(digests.doc(digestId), {
          digestId,
          scopeKey: window.scopeKey,
          routeKey: window.routeKey,
          windowStart: window.windowStart,
          windowEnd: window.windowEnd,
          status: 'open',
        });
        if (knownDigests.size >= KNOWN_DIGESTS_MAX) knownDigests.clear();
        knownDigests.add(digestId);
      }
      await createOnce(foldsOf(digestId).doc(docIdOf(folded.id)), {
        digestId,
        ...jsonData(folded),
        expiresAt: expiresAfter(window.windowEnd, RETENTION_DAYS.groupFolds),
      });
    },
    async sentIn(bucket) {
      const ids: unknown = (await reads.get(bucketDoc(bucket))).get('ids');
      return typeof ids === 'object' && ids !== null ? Object.keys(ids).length : 0;
    },
    async recordSent({ buckets, notificationId, now }) {
      if (buckets.length === 0) return;
      const batch = db.batch();
      for (const bucket of buckets) batch.set(...bucketWrite(bucket, notificationId, now));
      await batch.commit();
    },
    async openDigests() {
      const snapshot = await digests.where('status', '==', 'open').get();
      return snapshot.docs.map((doc) => digestSchema.parse(doc.data()));
    },
    async foldedInto(digestId): Promise<FoldedNotification[]> {
      const snapshot = await foldsOf(digestId).get();
      return snapshot.docs.map((doc) => foldedSchema.parse(doc.data()));
    },
    async markDigestSent(digestId, now) {
      // Only a sent digest expires: an open one still has to be flushed, however late.
      await digests.doc(digestId).set(
        {
          status: 'sent',
          sentAt: now.toISOString(),
          expiresAt: expiresAfter(now, RETENTION_DAYS.groupDigests),
        },
        { merge: true },
      );
    },
  };
}
