import type { Firestore } from '@google-cloud/firestore';
import { firestoreAlertStates } from '../../../alerting/adapters/firestore-alert-states';
import { firestoreOpenAlerts } from '../../../alerting/adapters/firestore-open-alerts';
import { firestoreAuditSummaries } from '../../../audit/adapters/firestore-audit-summaries';
import { firestoreOrgAudits } from '../../../audit/adapters/firestore-org-audits';
import { mapLimited } from '../../../kernel/map-limited';

export interface OrgIndexRebuild {
  org: string;
  openAlertsWritten: number;
  staleEntriesDeleted: number;
  auditSummaryWritten: boolean;
}

/**
 * Rebuilds what the console reads across orgs from each org's own state: the open-alert index (from
 * the org's open alert states) and the audit summary (from its audit state). The router and the audit
 * keep both as they write; this is for states written before a release that added them, or repair.
 */
export async function rebuildConsoleIndexes(
  db: Firestore,
  orgs: readonly string[],
): Promise<OrgIndexRebuild[]> {
  const states = firestoreAlertStates(db);
  const index = firestoreOpenAlerts(db);
  const audits = firestoreOrgAudits(db);
  const summaries = firestoreAuditSummaries(db);
  return mapLimited(orgs, 8, async (org) => {
    const open = (await states.listOpen(org)).map((v) => v.value);
    const { written, deleted } = await index.reconcile(org, open);
    const audit = await audits.get(org);
    if (audit) await summaries.putFrom(audit);
    return { org, openAlertsWritten: written, staleEntriesDeleted: deleted, auditSummaryWritten: !!audit };
  });
}
