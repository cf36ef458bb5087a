import type { Versioned } from '../../kernel/versioned';
import type { CapBucket, DigestWindow, FoldedNotification, GroupWindow } from './grouping';

/** A notification sent at `now`, counted in each of its buckets (grouping.ts, capBucketsOf / capKeysOf). */
export interface SentRecord {
  buckets: readonly CapBucket[];
  notificationId: string;
  now: Date;
}

/** What storm control keeps (Firestore: shared/alerting/adapters/firestore-grouping-store.ts). */
export interface GroupingStore {
  getWindow(scopeKey: string): Promise<Versioned<GroupWindow> | undefined>;
  /**
   * Create (version undefined) or replace at `version`; undefined when another writer came first. With
   * `sent`, the notification the window opens with is counted in its buckets in the same write (as
   * recordSent does), so a window lost to another writer counts nothing.
   */
  putWindow(window: GroupWindow, version: string | undefined, sent?: SentRecord): Promise<string | undefined>;
  /** Idempotent by (window, notification id): the window's digest record, then the folded entry. */
  fold(window: GroupWindow, folded: FoldedNotification): Promise<void>;
  /** Notification ids sent under the bucket's key in that bucket (an address's hour, a webhook's minute). */
  sentIn(bucket: CapBucket): Promise<number>;
  /** In every bucket, in one write. Set-union: recording one id twice counts once. */
  recordSent(sent: SentRecord): Promise<void>;
  /** Digests not yet published, with what was folded into them. */
  openDigests(): Promise<DigestWindow[]>;
  foldedInto(digestId: string): Promise<FoldedNotification[]>;
  markDigestSent(digestId: string, now: Date): Promise<void>;
}
