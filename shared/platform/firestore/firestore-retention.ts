import { Timestamp } from '@google-cloud/firestore';
import type { COLLECTIONS } from './firestore-collections';

/**
 * How long documents that only record the past are kept. Each gets an `expiresAt` timestamp that the
 * collection's TTL policy (infra/firestore.tf) deletes it by, within about a day; nothing reads these
 * after their expiry in a way that matters (windows, hours and silences have ended by then).
 */
export const RETENTION_DAYS = {
  /** Storm control: a digest once sent, and the notifications folded into it. */
  groupDigests: 7,
  groupFolds: 7,
  /** Which window followed which: needed only while the window it opened is current. */
  groupWindowOpens: 7,
  /** The per-recipient hourly and per-webhook minute caps look at the current bucket only. */
  recipientHours: 2,
  /** Alert event history (orgs/{org}/alerts/{id}/events): for investigations and reconciliation. */
  alertEvents: 90,
  /** After a silence ends: long enough to answer "why was nobody mailed last week". */
  silences: 30,
  /** Missed webhooks found by reconciliation: a quarter of history, to see a channel's trend. */
  missedWebhooks: 90,
  /** A CDN contract's hourly history, from the hour's start: 13 months and more (README, CDN commit watch, step 1). */
  cdnHours: 400,
} as const satisfies Partial<Record<keyof typeof COLLECTIONS, number>>;

const DAY_MS = 86_400_000;

export function expiresAfter(from: Date | string, days: number): Timestamp {
  const start = typeof from === 'string' ? Date.parse(from) : from.getTime();
  return Timestamp.fromMillis((Number.isFinite(start) ? start : Date.now()) + days * DAY_MS);
}
