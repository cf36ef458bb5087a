import type { Versioned } from '../../kernel/versioned';
import type { DigestWindow, FoldedNotification, GroupWindow } from './grouping';

/** What storm control keeps (Firestore: shared/alerting/adapters/firestore-grouping-store.ts). */
export interface GroupingStore {
  getWindow(scopeKey: string): Promise<Versioned<GroupWindow> | undefined>;
  /** Create (version undefined) or replace at `version`; undefined when another writer came first. */
  putWindow(window: GroupWindow, version: string | undefined): Promise<string | undefined>;
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
