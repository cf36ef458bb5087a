import type { DeliveryRecord } from '../../../shared/notify/delivery/delivery-record';
import type { DeliveryStore, StoredDelivery } from '../../../shared/notify/delivery/delivery-store';

/**
 * The mailer's ports in memory. The delivery store honours create() and version preconditions exactly
 * as Firestore does (which the npm emulator does not for preconditions), so races are tested here.
 */
export class InMemoryDeliveryStore implements DeliveryStore {
  private readonly records = new Map<string, StoredDelivery>();
  private nextVersion = 1;
  /** Fails the next replace() calls (a Firestore outage after the send). */
  replaceFailures = 0;
  /** Runs inside replace() before the version check: lets a test slip a competing write in. */
  beforeReplace: (() => void) | undefined;

  async create(record: DeliveryRecord): Promise<string | undefined> {
    if (this.records.has(record.notificationId)) return undefined;
    return this.write(record);
  }

  async get(notificationId: string): Promise<StoredDelivery | undefined> {
    const stored = this.records.get(notificationId);
    return stored === undefined ? undefined : structuredClone(stored);
  }

  async replace(record: DeliveryRecord, version: string): Promise<string | undefined> {
    if (this.replaceFailures > 0) {
      this.replaceFailures--;
      throw new Error('14 UNAVAILABLE: firestore is down');
    }
    const hook = this.beforeReplace;
    this.beforeReplace = undefined;
    hook?.();
    const current = this.records.get(record.notificationId);
    if (current === undefined || current.version !== version) return undefined;
    return this.write(record);
  }

  /** The stored record, for assertions. */
  record(notificationId: string): DeliveryRecord | undefined {
    return this.records.get(notificationId)?.record;
  }

  /** Writes behind the mailer's back (another instance, or a test arranging a state). */
  put(record: DeliveryRecord): string {
    return this.write(record);
  }

  private write(record: DeliveryRecord): string {
    const version = String(this.nextVersion++);
    this.records.set(record.notificationId, { record: structuredClone(record), version });
    return version;
  }
}
