import type { Versioned } from '../../kernel/versioned';
import type { DigestWindow, FoldedNotification, GroupWindow } from './grouping';

/** A notification mailed to these addresses (lower-cased) at `now`, for the per-recipient hourly cap. */
export interface SentRecord {
  addresses: readonly string[];
  notificationId: string;
  now: Date;
}

/** What storm control keeps (Firestore: shared/alerting/adapters/firestore-grouping-store.ts). */
export interface GroupingStore {
  getWindow(scopeKey: string): Promise<Versioned<GroupWindow> | undefined>;
  /**
   * Create (version undefined) or replace at `version`; undefined when another writer came first. With
   * `sent`, the notification the window opens with is counted for its recipients in the same write (as
   * recordSent does), so a window lost to another writer counts nothing.
   */
  putWindow(window: GroupWindow, version: string | undefined, sent?: SentRecord): Promise<string | undefined>;
  /** Idempotent by (window, notification id): the window's digest record, then the folded entry. */
  fold(window: GroupWindow, folded: FoldedNotification): Promise<void>;
  /** Notification ids mailed to `address` in the hour of `now`. */
  sentThisHour(address: string, now: Date): Promise<number>;
  /** Set-union: recording one id twice counts once. */
  recordSent(addresses: readonly string[], notificationId: string, now: Date): Promise<void>;
  /** Digests not yet published, with what was folded into them. */
  openDigests(): Promise<DigestWindow[]>;
  foldedInto(digestId: string): Promise<FoldedNotification[]>;
  markDigestSent(digestId: string, now: Date): Promise<void>;
}
