import { z } from 'zod';
import { compareFindings, type Finding, findingSeveritySchema } from '../../audit/findings/finding';
import type { OrgAuditSummary } from '../../audit/org-audit-summary';
import { orgNameSchema } from '../../kernel/org-name';

export const auditFiltersSchema = z.strictObject({
  org: orgNameSchema.optional(),
  severity: findingSeveritySchema.optional(),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export interface StandingFinding {
  org: string;
  finding: Finding;
}

/** Standing findings across orgs, worst first, then the newest to appear first. */
export function standingFindings(
  audits: readonly OrgAuditSummary[],
  filters: AuditFilters,
): StandingFinding[] {
  return audits
    .filter((audit) => filters.org === undefined || audit.org === filters.org)
    .flatMap((audit) => audit.findings.map((finding) => ({ org: audit.org, finding })))
    .filter((row) => filters.severity === undefined || row.finding.severity === filters.severity)
    .sort(
      (a, b) =>
        compareFindings(a.finding, b.finding) ||
        b.finding.firstSeenAt - a.finding.firstSeenAt ||
        a.org.localeCompare(b.org),
    );
}
