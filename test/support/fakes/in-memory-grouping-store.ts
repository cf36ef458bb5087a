import {
  type CapBucket,
  type DigestWindow,
  digestIdOf,
  type FoldedNotification,
  type GroupWindow,
} from '../../../shared/alerting/storm/grouping';
import type { GroupingStore, SentRecord } from '../../../shared/alerting/storm/grouping-ports';
import type { Versioned } from '../../../shared/kernel/versioned';

/** Storm control's store in memory: windows conditional on the version read, folds create-only. */
export function inMemoryGroupingStore(): GroupingStore {
  const windows = new Map<string, Versioned<GroupWindow>>();
  const digests = new Map<string, DigestWindow & { status: string }>();
  const folds = new Map<string, FoldedNotification & { digestId: string }>();
  const counts = new Map<string, Set<string>>();
  let version = 0;
  const countKey = ({ key, bucket }: CapBucket) => `${key}__${bucket}`;
  const record = ({ buckets, notificationId }: SentRecord) => {
    for (const b of buckets)
      counts.set(countKey(b), (counts.get(countKey(b)) ?? new Set()).add(notificationId));
  };
  return {
    async getWindow(scopeKey) {
      return windows.get(scopeKey);
    },
    async putWindow(window, at, sent) {
      if (windows.get(window.scopeKey)?.version !== at) return undefined;
      const v = String(++version);
      windows.set(window.scopeKey, { value: window, version: v });
      if (sent !== undefined) record(sent);
      return v;
    },
    async fold(window, folded) {
      const digestId = digestIdOf(window.scopeKey, window.windowStart);
      if (!digests.has(digestId)) digests.set(digestId, { ...window, digestId, status: 'open' });
      const key = `${digestId}__${folded.id}`;
      if (!folds.has(key)) folds.set(key, { ...folded, digestId });
    },
    async sentIn(bucket) {
      return counts.get(countKey(bucket))?.size ?? 0;
    },
    async recordSent(sent) {
      record(sent);
    },
    async openDigests() {
      return [...digests.values()].filter((d) => d.status === 'open');
    },
    async foldedInto(digestId) {
      return [...folds.values()].filter((f) => f.digestId === digestId);
    },
    async markDigestSent(digestId) {
      const d = digests.get(digestId);
      if (d) d.status = 'sent';
    },
  };
}
