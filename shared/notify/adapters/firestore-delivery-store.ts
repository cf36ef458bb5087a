import { type Firestore, Timestamp } from '@google-cloud/firestore';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { FIRESTORE_CODES, firestoreErrorCode } from '../../platform/firestore/firestore-errors';
import { type DeliveryRecord, deliveryIdOf, deliveryRecordSchema } from '../delivery/delivery-record';
import type { DeliveryStore } from '../delivery/delivery-store';

/** The version is the document's update time, which a lastUpdateTime precondition compares against. */
const encodeVersion = (t: Timestamp): string => `${t.seconds}.${String(t.nanoseconds).padStart(9, '0')}`;

function decodeVersion(version: string): Timestamp {
  const [seconds, nanos] = version.split('.').map(Number);
  if (
    seconds === undefined ||
    nanos === undefined ||
    !Number.isInteger(seconds) ||
    !Number.isInteger(nanos)
  ) {
    throw new Error(`not a delivery version: ${version}`);
  }
  return new Timestamp(seconds, nanos);
}

/** Firestore hands timestamps back as Timestamp and absent fields as null; the record speaks Date and undefined. */
const fromFirestore = (data: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(data)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, v instanceof Timestamp ? v.toDate() : v]),
  );

const OPTIONAL_FIELDS = ['leaseUntil', 'notBefore', 'messageId', 'lastError'] as const;

/**
 * A whole-record update: a field the new record lacks is written as null rather than left behind
 * (the npm emulator ignores FieldValue.delete(), so a null reads the same everywhere).
 */
function asUpdate(record: DeliveryRecord): Record<string, unknown> {
  const data: Record<string, unknown> = { ...record };
  for (const field of OPTIONAL_FIELDS) if (record[field] === undefined) data[field] = null;
  return data;
}

/** deliveries/{deliveryId} (deliveryIdOf); expiresAt feeds the collection's TTL policy (infra/firestore.tf). */
export function firestoreDeliveryStore(db: Firestore): DeliveryStore {
  const collection = db.collection(COLLECTIONS.deliveries);
  return {
    async create(record) {
      try {
        const result = await collection
          .doc(deliveryIdOf(record.notificationId, record.target))
          .create(record);
        return encodeVersion(result.writeTime);
      } catch (error) {
        if (firestoreErrorCode(error) === FIRESTORE_CODES.alreadyExists) return undefined;
        throw error;
      }
    },
    async get(deliveryId) {
      const snapshot = await collection.doc(deliveryId).get();
      const data = snapshot.data();
      if (!snapshot.exists || data === undefined || snapshot.updateTime === undefined) return undefined;
      // A record this code cannot read must not be taken as "not sent": fail loudly, Pub/Sub retries.
      const record = deliveryRecordSchema.parse(fromFirestore(data));
      return { record, version: encodeVersion(snapshot.updateTime) };
    },
    async ofNotification(notificationId) {
      const snapshot = await collection.where('notificationId', '==', notificationId).get();
      return snapshot.docs
        .map((doc) => deliveryRecordSchema.parse(fromFirestore(doc.data())))
        .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
    },
    async replace(record, version) {
      try {
        const result = await collection
          .doc(deliveryIdOf(record.notificationId, record.target))
          .update(asUpdate(record), { lastUpdateTime: decodeVersion(version) });
        return encodeVersion(result.writeTime);
      } catch (error) {
        const code = firestoreErrorCode(error);
        // Someone else's write came first, or TTL deleted the record: either way not ours to overwrite.
        if (code === FIRESTORE_CODES.failedPrecondition || code === FIRESTORE_CODES.notFound)
          return undefined;
        throw error;
      }
    },
  };
}
