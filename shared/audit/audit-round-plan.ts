import { z } from 'zod';
import { hostRegisterAuditRequestSchema } from '../kernel/messages/audit-request';
import { orgNameSchema } from '../kernel/org-name';
import type { OrgRecord } from '../orgs/org-record';

/**
 * What arrives on `audit-requests`: the hourly schedule (fan out to every enabled org), the 09:00 JST
 * summary, one org's share of a round, the router's "a host registered", or a person asking for one org now.
 */
export const auditRequestSchema = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('schedule') }),
  z.object({ reason: z.literal('daily-summary') }),
  z.object({
    reason: z.literal('round'),
    org: orgNameSchema,
    roundStartedAt: z.iso.datetime({ offset: true }),
  }),
  hostRegisterAuditRequestSchema,
  z.object({ reason: z.literal('on-demand'), org: orgNameSchema }),
]);
export type AuditRequest = z.infer<typeof auditRequestSchema>;
/** The requests that audit: the schedule and the ones naming one org. */
export type AuditRoundRequest = Exclude<AuditRequest, { reason: 'daily-summary' }>;
export type OneOrgAuditRequest = Exclude<AuditRoundRequest, { reason: 'schedule' }>;

export type AuditPlan =
  | { kind: 'fan-out'; orgs: string[] }
  | { kind: 'audit'; org: string }
  | { kind: 'skip'; org: string; why: 'disabled' | 'unknown-org' };

/** Which orgs a request covers: enabled ones only, in name order; a one-org request is checked again. */
export function planAuditRound(
  request: AuditRoundRequest,
  orgs: readonly Pick<OrgRecord, 'name' | 'enabled'>[],
): AuditPlan {
  if (request.reason === 'schedule') {
    const names = orgs.filter((o) => o.enabled).map((o) => o.name);
    return { kind: 'fan-out', orgs: [...new Set(names)].sort() };
  }
  const org = orgs.find((o) => o.name === request.org);
  if (org === undefined) return { kind: 'skip', org: request.org, why: 'unknown-org' };
  return org.enabled ? { kind: 'audit', org: org.name } : { kind: 'skip', org: org.name, why: 'disabled' };
}
