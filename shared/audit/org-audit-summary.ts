import type { z } from 'zod';
import { type OrgAuditState, orgAuditStateSchema } from './org-audit-state';

/**
 * auditSummaries/{org}: an org's audit state without its host snapshot, written in the same batch as
 * the state. Pages across every org read these: 1,000 snapshots of 100 hosts each are megabytes, and
 * only host search needs them (from hostIndex).
 */
export const orgAuditSummarySchema = orgAuditStateSchema.omit({ snapshot: true });
export type OrgAuditSummary = z.infer<typeof orgAuditSummarySchema>;

export function orgAuditSummaryOf(state: OrgAuditState): OrgAuditSummary {
  const { snapshot: _snapshot, ...summary } = state;
  return summary;
}
