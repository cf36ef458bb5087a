import {
  type DigestWindow,
  digestIdOf,
  type FoldedNotification,
  type GroupWindow,
  hourBucketOf,
} from '../../../shared/alerting/storm/grouping';
import type { GroupingStore } from '../../../shared/alerting/storm/grouping-ports';
import type { Versioned } from '../../../shared/kernel/versioned';

/** Storm control's store in memory: windows conditional on the version read, folds create-only. */
export function inMemoryGroupingStore(): GroupingStore {
  const windows = new Map<string, Versioned<GroupWindow>>();
  const digests = new Map<string, DigestWindow & { status: string }>();
  const folds = new Map<string, FoldedNotification & { digestId: string }>();
  const hours = new Map<string, Set<string>>();
  let version = 0;
  const record = (addresses: readonly string[], id: string, now: Date) => {
    for (const a of addresses) {
      const key = `${a}__${hourBucketOf(now)}`;
      hours.set(key, (hours.get(key) ?? new Set()).add(id));
    }
  };
  return {
    async getWindow(scopeKey) {
      return windows.get(scopeKey);
    },
    async putWindow(window, at, sent) {
      if (windows.get(window.scopeKey)?.version !== at) return undefined;
      const v = String(++version);
      windows.set(window.scopeKey, { value: window, version: v });
      if (sent !== undefined) record(sent.addresses, sent.notificationId, sent.now);
      return v;
    },
    async fold(window, folded) {
      const digestId = digestIdOf(window.scopeKey, window.windowStart);
      if (!digests.has(digestId)) digests.set(digestId, { ...window, digestId, status: 'open' });
      const key = `${digestId}__${folded.id}`;
      if (!folds.has(key)) folds.set(key, { ...folded, digestId });
    },
    async sentThisHour(address, now) {
      return hours.get(`${address}__${hourBucketOf(now)}`)?.size ?? 0;
    },
    async recordSent(addresses, id, now) {
      record(addresses, id, now);
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
