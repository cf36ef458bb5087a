import type { DocumentReference, Firestore } from '@google-cloud/firestore';
import { ALL_ORGS } from '../shared/kernel/org-name';
import { COLLECTIONS } from '../shared/platform/firestore/firestore-collections';

/**
 * The one route document `route add --replace` and `route remove` act on: orgs/{org}/routes/{id}, or
 * mspRoutes/{id} for `*`. (firestoreRoutingConfig loads and puts routes; it has no single read or delete.)
 */
export function routeDocument(db: Firestore, org: string, id: string): DocumentReference {
  return org === ALL_ORGS
    ? db.collection(COLLECTIONS.mspRoutes).doc(id)
    : db.collection(COLLECTIONS.orgs).doc(org).collection(COLLECTIONS.routes).doc(id);
}
