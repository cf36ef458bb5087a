import type { MissedWebhookRecord } from '../../../shared/reconcile/missed-webhook-record';
import type { MissedWebhookLedger } from '../../../shared/reconcile/reconcile-ports';

/** Reconciliation's ledger in memory: create-only per (org, changeId), as in Firestore. */
export class InMemoryMissedWebhooks implements MissedWebhookLedger {
  readonly records = new Map<string, MissedWebhookRecord>();
  async record(records: readonly MissedWebhookRecord[]) {
    for (const r of records) {
      const id = `${r.org}__${r.changeId}`;
      if (!this.records.has(id)) this.records.set(id, r);
    }
  }
  async missedWebhooksSince(since: Date) {
    const counts: Record<string, number> = {};
    for (const r of this.records.values()) {
      if (r.detectedAt >= since.toISOString()) counts[r.org] = (counts[r.org] ?? 0) + 1;
    }
    return counts;
  }
}
