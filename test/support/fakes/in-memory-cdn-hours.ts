import type { UsageRange } from '../../../shared/cdn/sources/usage-source';
import type { CdnHourStore } from '../../../shared/cdn/watch/cdn-watch-ports';
import type { StoredHour } from '../../../shared/cdn/watch/stored-hour';

/** A contract's hourly history in memory, upserted by hour as in Firestore; counts the upserts. */
export class InMemoryCdnHours implements CdnHourStore {
  readonly stored = new Map<string, Map<string, StoredHour>>();
  upserts = 0;
  async upsert(contractId: string, hours: readonly StoredHour[]) {
    this.upserts++;
    const map = this.stored.get(contractId) ?? new Map<string, StoredHour>();
    for (const hour of hours) map.set(hour.hourStartUtc, structuredClone(hour));
    this.stored.set(contractId, map);
  }
  async read(contractId: string, range: UsageRange) {
    return [...(this.stored.get(contractId)?.values() ?? [])]
      .filter(
        (h) =>
          Date.parse(h.hourStartUtc) >= range.from.getTime() &&
          Date.parse(h.hourStartUtc) < range.to.getTime(),
      )
      .sort((a, b) => a.hourStartUtc.localeCompare(b.hourStartUtc));
  }
  /** hour -> bytes of one contract, for comparing what two runs left behind. */
  bytesOf(contractId: string): Record<string, number> {
    return Object.fromEntries(
      [...(this.stored.get(contractId)?.values() ?? [])].map((h) => [h.hourStartUtc, h.bytes]),
    );
  }
  hour(contractId: string, hourStartUtc: string): StoredHour | undefined {
    return this.stored.get(contractId)?.get(hourStartUtc);
  }
}
