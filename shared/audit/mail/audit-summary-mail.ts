import { jstDateOf } from '../../kernel/time/jst-calendar';
import { jstDateTime } from '../../kernel/time/jst-format';
import type { Language } from '../../notify/message/notification-message';
import type { ReportContent } from '../../notify/message/report-content';
import { subjectLine } from '../../notify/message/subject-line';
import {
  compareFindings,
  type Finding,
  type FindingSeverity,
  toEpochSeconds,
  worstSeverity,
} from '../findings/finding';
import type { OrgAuditState } from '../org-audit-state';
import type { SummaryCounts } from './audit-labels';
import { AUDIT_LABELS } from './audit-labels-by-language';
import { capRows, severityTag } from './report-parts';

export interface SummaryOrg {
  name: string;
  hostQuota?: { warn: number; max: number };
  /** null: the org has never had a round. */
  state: OrgAuditState | null;
  /** Webhooks Mackerel sent that never arrived (issue 8); absent while nobody counts them. */
  missedWebhooks?: number;
}

export interface AuditSummaryInput {
  orgs: readonly SummaryOrg[];
  /** Start of the last fan-out round: an org whose last audit is older was not audited in it. */
  roundStartedAt: Date;
  now: Date;
  language: Language;
  /** Dead letters never replayed, per source topic: anything here is work the pipeline gave up on. */
  deadLetters?: Readonly<Record<string, number>>;
}

/** A daily list for 1,000 orgs stays whole; the schema allows 2,000 rows. */
const SUMMARY_MAX_ROWS = 1000;
const SEVERITIES: readonly FindingSeverity[] = ['critical', 'warning', 'info'];
const RANK = { critical: 0, warning: 1, info: 2, none: 3 } as const;

const byName = (a: SummaryOrg, b: SummaryOrg): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const findingsOf = (o: SummaryOrg): Finding[] => o.state?.findings ?? [];

/**
 * The 09:00 JST summary across every org: what stands, billable hosts against quota, and which orgs the
 * last round did not audit. Orgs needing attention first (worst finding, then name); findings by org.
 */
export function auditSummaryMail(input: AuditSummaryInput): ReportContent {
  const { orgs, roundStartedAt, now, language } = input;
  const l = AUDIT_LABELS[language];
  const s = l.summary;
  const roundStart = toEpochSeconds(roundStartedAt);
  const sorted = [...orgs].sort(byName);
  const notAudited = sorted.filter((o) => (o.state?.lastAuditedAt ?? -1) < roundStart);
  const missed = new Set(notAudited.map((o) => o.name));
  const all = sorted.flatMap(findingsOf);
  const counts: SummaryCounts = {
    orgs: sorted.length,
    orgsWithFindings: sorted.filter((o) => findingsOf(o).length > 0).length,
    notAudited: notAudited.length,
    critical: all.filter((f) => f.severity === 'critical').length,
    warning: all.filter((f) => f.severity === 'warning').length,
    info: all.filter((f) => f.severity === 'info').length,
  };
  const worstOf = (o: SummaryOrg): FindingSeverity | null =>
    worstSeverity([
      ...findingsOf(o).map((f) => f.severity),
      ...(missed.has(o.name) ? ['warning' as const] : []),
    ]);
  const deadLetterRows = Object.entries(input.deadLetters ?? {})
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([topic, n]) => [topic, String(n)]);
  const severity =
    worstSeverity([
      ...sorted.flatMap((o) => worstOf(o) ?? []),
      ...(deadLetterRows.length > 0 ? ['warning' as const] : []),
    ]) ?? 'info';
  const withMissed = sorted.some((o) => o.missedWebhooks !== undefined);
  const lastAudited = (o: SummaryOrg): string =>
    o.state?.lastAuditedAt != null ? jstDateTime(o.state.lastAuditedAt) : s.never;
  const cell = (n: number | null | undefined): string => (n == null ? '-' : String(n));
  const date = jstDateOf(now);

  const orgRows = [...sorted]
    .sort((a, b) => RANK[worstOf(a) ?? 'none'] - RANK[worstOf(b) ?? 'none'] || byName(a, b))
    .map((o) => [
      o.name,
      cell(o.state?.billable),
      cell(o.hostQuota?.warn),
      cell(o.hostQuota?.max),
      ...SEVERITIES.map((sev) => String(findingsOf(o).filter((f) => f.severity === sev).length)),
      lastAudited(o),
      ...(withMissed ? [cell(o.missedWebhooks)] : []),
    ]);
  const orgColumns = [
    s.column.org,
    s.column.billable,
    s.column.warn,
    s.column.max,
    ...SEVERITIES.map(severityTag),
    s.column.lastAudited,
    ...(withMissed ? [s.column.missedWebhooks] : []),
  ];
  const findingRows = sorted.flatMap((o) =>
    [...findingsOf(o)]
      .sort(compareFindings)
      .map((f) => [o.name, severityTag(f.severity), l.title(f), l.details(f), jstDateTime(f.firstSeenAt)]),
  );
  const tables: ReportContent['tables'] = [
    {
      caption: s.caption.orgs,
      columns: orgColumns,
      rows: capRows(orgRows, orgColumns.length, l.more, SUMMARY_MAX_ROWS),
    },
  ];
  if (findingRows.length > 0) {
    tables.push({
      caption: s.caption.findings,
      columns: [s.column.org, s.column.severity, s.column.finding, s.column.details, s.column.since],
      rows: capRows(findingRows, 5, l.more, SUMMARY_MAX_ROWS),
    });
  }
  if (notAudited.length > 0) {
    tables.push({
      caption: s.caption.notAudited,
      columns: [s.column.org, s.column.lastAudited],
      rows: capRows(
        notAudited.map((o) => [o.name, lastAudited(o)]),
        2,
        l.more,
        SUMMARY_MAX_ROWS,
      ),
    });
  }
  if (deadLetterRows.length > 0) {
    tables.push({
      caption: s.caption.deadLetters,
      columns: [s.column.topic, s.column.deadLetters],
      rows: deadLetterRows,
    });
  }
  const billableTotal = sorted.reduce((sum, o) => sum + (o.state?.billable ?? 0), 0);
  return {
    severity,
    subject: subjectLine([severityTag(severity)], s.subject(date, counts)),
    lead: s.lead(date, counts),
    facts: [
      { label: s.field.date, value: date },
      { label: s.field.orgs, value: String(counts.orgs) },
      { label: s.field.notAudited, value: String(counts.notAudited) },
      { label: s.field.billable, value: String(billableTotal) },
      { label: s.field.findings, value: s.findingCounts(counts) },
    ],
    tables,
    links: [],
    notes: [s.cadence, ...(deadLetterRows.length > 0 ? [s.replayHint] : [])],
  };
}
