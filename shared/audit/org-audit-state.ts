import { z } from 'zod';
import { failureStreakSchema } from './findings/access-findings';
import { auditOrg, type OrgAuditInput, type OrgAuditResult } from './findings/audit-org';
import { diffFindings, type FindingChanges } from './findings/diff-findings';
import { findingSchema, toEpochSeconds } from './findings/finding';
import { hostSnapshotSchema } from './host-snapshot';

const epochSeconds = z.number().int().nonnegative();

/** orgAudits/{org}: everything one org's next round and the daily summary need. */
export const orgAuditStateSchema = z.object({
  org: z.string().min(1),
  snapshot: hostSnapshotSchema.nullable(),
  failureStreak: failureStreakSchema.nullable(),
  /** Standing findings, worst first. */
  findings: z.array(findingSchema),
  lastRoundAt: epochSeconds,
  /** Last round that checked the org's own facts; null until one has. */
  lastAuditedAt: epochSeconds.nullable(),
  /** Billable hosts at lastAuditedAt. */
  billable: z.number().int().nonnegative().nullable(),
  /** Last round that compared the org's monitors with its templates; absent or null: never. */
  driftCheckedAt: epochSeconds.nullable().optional(),
});
export type OrgAuditState = z.infer<typeof orgAuditStateSchema>;

export interface OrgAuditRound {
  state: OrgAuditState;
  changes: FindingChanges;
  result: OrgAuditResult;
}

/** One round from the stored state (null: never audited) to the state to store and the changes to mail. */
export function advanceOrgAudit(
  previous: OrgAuditState | null,
  input: Omit<OrgAuditInput, 'previous'>,
): OrgAuditRound {
  const result = auditOrg({
    ...input,
    previous: { snapshot: previous?.snapshot ?? null, failureStreak: previous?.failureStreak ?? null },
  });
  const changes = diffFindings(previous?.findings ?? [], result.findings, result.checkedKinds, input.now);
  const at = toEpochSeconds(input.now);
  const state: OrgAuditState = {
    org: input.org.name,
    snapshot: result.snapshot,
    failureStreak: result.failureStreak,
    findings: changes.standing,
    lastRoundAt: at,
    lastAuditedAt: result.audited ? at : (previous?.lastAuditedAt ?? null),
    billable: result.billable ?? previous?.billable ?? null,
    driftCheckedAt: result.driftChecked ? at : (previous?.driftCheckedAt ?? null),
  };
  return { state, changes, result };
}
