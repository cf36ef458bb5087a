import type { Finding, HostFacts } from '../findings/finding';

/**
 * Every word an audit mail shows, per language. Severity tags (`[CRITICAL]`) and the error kinds Mackerel's
 * answers map to are not translated, as in alert mail, so one mail filter works for every org.
 */
export interface AuditLabels {
  /** Joins phrases in a subject and lists in a cell. */
  separator: string;
  /** Between a subject's findings and its resolved ones. */
  clauseSeparator: string;
  unknown: string;
  more(count: number): string;
  change: { appeared: string; changed: string; cleared: string };
  /** One finding, short: a subject phrase and the table's Finding column. */
  title(f: Finding): string;
  /** Several findings of one kind in a subject (SEVERAL_KINDS: the kinds that come several to a round). */
  several(kind: SeveralKind, count: number): string;
  /** Subject phrase after "resolved:" for one finding, or several of one kind. */
  resolved(f: Finding, count: number): string;
  resolvedTag: string;
  /** The finding's facts as one line. */
  details(f: Finding): string;
  was(text: string): string;
  hostLine(h: HostFacts): string;
  quota(billable: number | null, quota: { warn: number; max: number } | undefined): string;
  changeMail: {
    lead(org: string, displayName: string, at: number, changed: number, cleared: number): string;
    field: { org: string; auditedAt: string; billable: string; networks: string; standing: string };
    networks(cidrs: readonly string[]): string;
    caption: { changes: string; newHosts: string; outside: string };
    column: {
      change: string;
      severity: string;
      finding: string;
      details: string;
      firstSeen: string;
      host: string;
      hostId: string;
      created: string;
      agent: string;
      addresses: string;
      cloud: string;
      outside: string;
    };
    cadence: string;
    unexpectedHosts: string;
  };
  summary: {
    subject(date: string, counts: SummaryCounts): string;
    lead(date: string, counts: SummaryCounts): string;
    field: { date: string; orgs: string; notAudited: string; billable: string; findings: string };
    findingCounts(counts: SummaryCounts): string;
    caption: { orgs: string; findings: string; notAudited: string; deadLetters: string };
    /** How to replay dead letters, shown when some wait. */
    replayHint: string;
    column: {
      org: string;
      billable: string;
      warn: string;
      max: string;
      lastAudited: string;
      missedWebhooks: string;
      topic: string;
      deadLetters: string;
      severity: string;
      finding: string;
      details: string;
      since: string;
    };
    never: string;
    cadence: string;
  };
}

/** The kinds that come several to a round. */
export const SEVERAL_KINDS = [
  'new-host',
  'host-outside-networks',
  'monitor-drift',
  'probe-definition',
] as const;
export type SeveralKind = (typeof SEVERAL_KINDS)[number];

export interface SummaryCounts {
  orgs: number;
  orgsWithFindings: number;
  notAudited: number;
  critical: number;
  warning: number;
  info: number;
}
