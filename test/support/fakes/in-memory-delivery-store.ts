import { type DeliveryRecord, deliveryIdOf } from '../../../shared/notify/delivery/delivery-record';
import type { DeliveryStore, StoredDelivery } from '../../../shared/notify/delivery/delivery-store';

const idOf = (record: DeliveryRecord) => deliveryIdOf(record.notificationId, record.target);

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
    if (this.records.has(idOf(record))) return undefined;
    return this.write(record);
  }

  async get(deliveryId: string): Promise<StoredDelivery | undefined> {
    const stored = this.records.get(deliveryId);
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
    const current = this.records.get(idOf(record));
    if (current === undefined || current.version !== version) return undefined;
    return this.write(record);
  }

  async ofNotification(notificationId: string): Promise<DeliveryRecord[]> {
    return [...this.records.values()]
      .map((stored) => stored.record)
      .filter((record) => record.notificationId === notificationId);
  }

  /** The stored record, for assertions: mail's by default. */
  record(notificationId: string, targetKey = 'email'): DeliveryRecord | undefined {
    return this.records.get(deliveryIdOf(notificationId, targetKey))?.record;
  }

  /** Writes behind the mailer's back (another instance, or a test arranging a state). */
  put(record: DeliveryRecord): string {
    return this.write(record);
  }

  private write(record: DeliveryRecord): string {
    const version = String(this.nextVersion++);
    this.records.set(idOf(record), { record: structuredClone(record), version });
    return version;
  }
}
