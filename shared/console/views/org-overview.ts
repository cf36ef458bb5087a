import type { OrgAuditSummary } from '../../audit/org-audit-summary';
import type { OrgRecord } from '../../orgs/org-record';
import type { WebhookTokenFacts } from '../read/console-reads';

export type ChannelHealth =
  | { state: 'ok'; checkedAt: number }
  | { state: 'problem'; problem: string; since: number }
  | { state: 'unknown' };

export interface OrgOverview {
  org: OrgRecord;
  channel: ChannelHealth;
  billable: number | null;
  lastEventAt: string | null;
  tokens: WebhookTokenFacts;
}

/** The webhook channel as the last audit round saw it: its finding if one stands, else fine since then. */
export function channelHealthOf(audit: OrgAuditSummary | null | undefined): ChannelHealth {
  if (!audit || audit.lastAuditedAt === null) return { state: 'unknown' };
  const finding = audit.findings.find((f) => f.kind === 'webhook-channel');
  if (finding?.kind === 'webhook-channel') {
    return { state: 'problem', problem: finding.facts.problem, since: finding.firstSeenAt };
  }
  return { state: 'ok', checkedAt: audit.lastAuditedAt };
}

/** Whole days from an ISO time to now, for "token issued N days ago". */
export const ageInDays = (iso: string, now: Date): number =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000));
