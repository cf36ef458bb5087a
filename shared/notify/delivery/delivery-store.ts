import type { DeliveryRecord } from './delivery-record';

/** A record and the version it was read (or written) at: opaque, compared by the store only. */
export interface StoredDelivery {
  record: DeliveryRecord;
  version: string;
}

/**
 * Delivery records keyed by notification and target. Every write is conditional, so that two deliveries of one
 * notification (Pub/Sub redelivers, producers may publish twice) cannot both believe they own it.
 */
export interface DeliveryStore {
  /** Creates the record unless one exists; resolves its version, or undefined when it already existed. */
  create(record: DeliveryRecord): Promise<string | undefined>;
  /** By deliveryIdOf(notification id, target key). */
  get(deliveryId: string): Promise<StoredDelivery | undefined>;
  /**
   * Replaces the record only if it is still at `version`; resolves the new version, or undefined when
   * another writer got there first (or the record is gone).
   */
  replace(record: DeliveryRecord, version: string): Promise<string | undefined>;
  /** Every target's record of a notification (the console's alert history). */
  ofNotification(notificationId: string): Promise<DeliveryRecord[]>;
}
