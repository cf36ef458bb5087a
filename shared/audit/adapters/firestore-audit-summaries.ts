import type { Firestore } from '@google-cloud/firestore';
import { orgNameSchema } from '../../kernel/org-name';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import { jsonData } from '../../platform/firestore/firestore-versioned';
import type { OrgAuditState } from '../org-audit-state';
import { type OrgAuditSummary, orgAuditSummaryOf, orgAuditSummarySchema } from '../org-audit-summary';

export interface AuditSummaries {
  /** Every org's summary that parses. */
  list(): Promise<OrgAuditSummary[]>;
  /** Rewrites an org's summary from its state (for states stored before summaries existed). */
  putFrom(state: OrgAuditState): Promise<void>;
}

/** auditSummaries/{org}, written by firestoreOrgAudits with each state; read here. */
export function firestoreAuditSummaries(db: Firestore): AuditSummaries {
  const summaries = db.collection(COLLECTIONS.auditSummaries);
  return {
    async list() {
      const snapshot = await summaries.get();
      return snapshot.docs.flatMap((doc) => {
        const parsed = orgAuditSummarySchema.safeParse(doc.data());
        return parsed.success ? [parsed.data] : [];
      });
    },
    async putFrom(state) {
      await summaries.doc(orgNameSchema.parse(state.org)).set(jsonData(orgAuditSummaryOf(state)));
    },
  };
}
