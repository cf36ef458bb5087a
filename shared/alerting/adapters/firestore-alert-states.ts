import type { DocumentReference, DocumentSnapshot, Firestore } from '@google-cloud/firestore';
import { orgNameSchema } from '../../kernel/org-name';
import type { Versioned } from '../../kernel/versioned';
import { batchedReads } from '../../platform/firestore/batched-reads';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { docIdOf } from '../../platform/firestore/firestore-doc-id';
import { FIRESTORE_CODES, firestoreErrorCode } from '../../platform/firestore/firestore-errors';
import { expiresAfter, RETENTION_DAYS } from '../../platform/firestore/firestore-retention';
import {
  conditionalWrite,
  createOnce,
  decodeVersion,
  encodeVersion,
  jsonData,
} from '../../platform/firestore/firestore-versioned';
import { type AlertState, type AlertSubject, alertStateSchema } from '../router/alert-state';
import { openAlertEntryOf } from '../router/open-alert-entry';
import type { AlertEventRecord, AlertStateStore } from '../router/router-ports';
import { firestoreOpenAlerts } from './firestore-open-alerts';

/**
 * Alert state: orgs/{org}/alerts/{alertId} for alerts, orgs/{org}/alertGroups/{alertGroupId} for alert
 * groups (per org, so an org's alerts are one query and one org's ids never meet another's), with the
 * history subcollection .../events/{dedupKey}; each open one also in openAlerts (firestore-open-alerts.ts).
 */
/** Every state of one org, open or closed (for listings); the paths of those that do not parse. */
export interface AlertStateListing {
  states: AlertState[];
  unreadable: string[];
}

export interface FirestoreAlertStates extends AlertStateStore {
  listAll(org: string): Promise<AlertStateListing>;
}

export function firestoreAlertStates(db: Firestore): FirestoreAlertStates {
  const docOf = (org: string, subject: AlertSubject): DocumentReference =>
    db
      .collection(COLLECTIONS.orgs)
      .doc(orgNameSchema.parse(org))
      .collection(subject.kind === 'alert' ? COLLECTIONS.alerts : COLLECTIONS.alertGroups)
      .doc(docIdOf(subject.id));

  // A state this code cannot read must not be taken as "never seen" (that would re-notify and forget
  // who to tell on recovery): fail, and let Pub/Sub retry and then dead-letter the event.
  const versioned = (snapshot: DocumentSnapshot): Versioned<AlertState> | undefined => {
    const data = snapshot.data();
    if (!snapshot.exists || data === undefined || snapshot.updateTime === undefined) return undefined;
    const parsed = alertStateSchema.safeParse(data);
    if (!parsed.success) {
      throw new Error(`unreadable alert state ${snapshot.ref.path}: ${parsed.error.issues[0]?.message}`);
    }
    return { value: parsed.data, version: encodeVersion(snapshot.updateTime) };
  };

  const reads = batchedReads(db);
  const openAlerts = firestoreOpenAlerts(db);
  return {
    get: async (org, subject) => versioned(await reads.get(docOf(org, subject))),

    async listOpen(org) {
      const orgDoc = db.collection(COLLECTIONS.orgs).doc(orgNameSchema.parse(org));
      const results = await Promise.all(
        [COLLECTIONS.alerts, COLLECTIONS.alertGroups].map((name) =>
          orgDoc.collection(name).where('isOpen', '==', true).get(),
        ),
      );
      return results.flatMap((result) => result.docs.flatMap((doc) => versioned(doc) ?? []));
    },

    async listAll(org) {
      const orgDoc = db.collection(COLLECTIONS.orgs).doc(orgNameSchema.parse(org));
      const snapshots = await Promise.all(
        [COLLECTIONS.alerts, COLLECTIONS.alertGroups].map((name) => orgDoc.collection(name).get()),
      );
      const listing: AlertStateListing = { states: [], unreadable: [] };
      for (const doc of snapshots.flatMap((s) => s.docs)) {
        const parsed = alertStateSchema.safeParse(doc.data());
        if (parsed.success) listing.states.push(parsed.data);
        else listing.unreadable.push(doc.ref.path);
      }
      return listing;
    },

    put: (org, subject, state: AlertState, version) =>
      conditionalWrite(docOf(org, subject), jsonData(state), version, (batch) => {
        const entry = openAlerts.docOf(org, subject);
        if (state.isOpen) batch.set(entry, jsonData(openAlertEntryOf(state)));
        else batch.delete(entry);
      }),

    async replaceOutbox(org, subject, outbox, version) {
      try {
        await docOf(org, subject).update(
          { outbox: jsonData(outbox) },
          { lastUpdateTime: decodeVersion(version) },
        );
        return true;
      } catch (error) {
        const code = firestoreErrorCode(error);
        if (code === FIRESTORE_CODES.failedPrecondition || code === FIRESTORE_CODES.notFound) return false;
        throw error;
      }
    },

    recordEvent: async (org, subject, entry: AlertEventRecord) => {
      await createOnce(docOf(org, subject).collection(COLLECTIONS.alertEvents).doc(docIdOf(entry.dedupKey)), {
        ...jsonData(entry),
        expiresAt: expiresAfter(entry.processedAt, RETENTION_DAYS.alertEvents),
      });
    },
  };
}
