import { formatJst, jstDateTime } from '../../kernel/time/jst-format';
import type { Language } from '../../notify/message/notification-message';
import type { ReportContent } from '../../notify/message/report-content';
import { subjectLine } from '../../notify/message/subject-line';
import type { FindingChanges } from '../findings/diff-findings';
import {
  compareFindings,
  type Finding,
  type FindingOf,
  toEpochSeconds,
  worstSeverity,
} from '../findings/finding';
import { type AuditLabels, SEVERAL_KINDS, type SeveralKind } from './audit-labels';
import { AUDIT_LABELS } from './audit-labels-by-language';
import { capRows, severityTag } from './report-parts';

export interface OrgChangeMailInput {
  org: {
    name: string;
    displayName: string;
    declaredNetworks: readonly string[];
    hostQuota?: { warn: number; max: number };
  };
  changes: FindingChanges;
  /** This round's billable hosts; null when the round could not count them. */
  billable: number | null;
  now: Date;
  language: Language;
}

/** Consecutive runs of one kind (the lists are sorted, so a kind's findings sit together). */
function byKind(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<Finding['kind'], Finding[]>();
  for (const f of findings) groups.set(f.kind, [...(groups.get(f.kind) ?? []), f]);
  return [...groups.values()];
}

function subjectText(
  org: string,
  active: readonly Finding[],
  cleared: readonly Finding[],
  l: AuditLabels,
): string {
  const phrases = byKind(active).flatMap(([first, ...rest]) => {
    if (first === undefined) return [];
    const kind = first.kind;
    const several = rest.length > 0 && isSeveralKind(kind);
    return [several ? l.several(kind, rest.length + 1) : l.title(first)];
  });
  const resolved = byKind(cleared).flatMap((group) => (group[0] ? [l.resolved(group[0], group.length)] : []));
  const clauses = [phrases.join(l.separator)];
  if (resolved.length > 0) clauses.push(`${l.resolvedTag}: ${resolved.join(l.separator)}`);
  return `${org}: ${clauses.filter((c) => c !== '').join(l.clauseSeparator)}`;
}

const isSeveralKind = (kind: Finding['kind']): kind is SeveralKind =>
  (SEVERAL_KINDS as readonly string[]).includes(kind);

const isKind =
  <K extends Finding['kind']>(kind: K) =>
  (f: Finding): f is FindingOf<K> =>
    f.kind === kind;

/**
 * The mail for one org's round: what appeared, changed or was resolved, with the facts to act on. Null
 * when nothing did (a standing finding is never mailed again; quiet expiry is not a change).
 */
export function orgChangeMail({
  org,
  changes,
  billable,
  now,
  language,
}: OrgChangeMailInput): ReportContent | null {
  const l = AUDIT_LABELS[language];
  const c = l.changeMail;
  const active = [...changes.appeared, ...changes.changed.map((x) => x.finding)].sort(compareFindings);
  if (active.length + changes.cleared.length === 0) return null;
  const severity = worstSeverity(active.map((f) => f.severity)) ?? 'info';
  const tag = active.length > 0 ? severityTag(severity) : 'OK';
  const at = toEpochSeconds(now);
  const previousOf = new Map(changes.changed.map((x) => [x.finding.key, x.previous]));

  const row = (change: string, f: Finding): string[] => {
    const previous = previousOf.get(f.key);
    const details = previous ? `${l.details(f)} (${l.was(l.title(previous))})` : l.details(f);
    return [change, severityTag(f.severity), l.title(f), details, jstDateTime(f.firstSeenAt)];
  };
  const changeRows = [
    ...active.map((f) => row(previousOf.has(f.key) ? l.change.changed : l.change.appeared, f)),
    ...changes.cleared.map((f) => row(l.change.cleared, f)),
  ];
  const newHosts = changes.appeared.filter(isKind('new-host')).map((f) => f.facts.host);
  const outside = active.filter(isKind('host-outside-networks'));
  const list = (items: readonly string[]): string => (items.length > 0 ? items.join(l.separator) : '-');

  const col = c.column;
  const tables: ReportContent['tables'] = [
    {
      caption: c.caption.changes,
      columns: [col.change, col.severity, col.finding, col.details, col.firstSeen],
      rows: capRows(changeRows, 5, l.more),
    },
  ];
  if (newHosts.length > 0) {
    tables.push({
      caption: c.caption.newHosts,
      columns: [col.host, col.hostId, col.created, col.agent, col.addresses, col.cloud],
      rows: capRows(
        newHosts.map((h) => [
          h.name,
          h.id,
          h.createdAt === null ? l.unknown : jstDateTime(h.createdAt),
          h.agentVersion ?? l.unknown,
          list(h.addresses),
          h.cloudProvider ?? l.unknown,
        ]),
        6,
        l.more,
      ),
    });
  }
  if (outside.length > 0) {
    tables.push({
      caption: c.caption.outside,
      columns: [col.host, col.hostId, col.outside, col.addresses],
      rows: capRows(
        outside.map((f) => [
          f.facts.host.name,
          f.facts.host.id,
          list(f.facts.outsideAddresses),
          list(f.facts.host.addresses),
        ]),
        4,
        l.more,
      ),
    });
  }
  const unexpected = newHosts.length > 0 || outside.length > 0;
  return {
    severity,
    subject: subjectLine([tag], subjectText(org.name, active, changes.cleared, l)),
    lead: c.lead(org.name, org.displayName, at, active.length, changes.cleared.length),
    facts: [
      { label: c.field.org, value: `${org.name} (${org.displayName})` },
      { label: c.field.auditedAt, value: formatJst(at) },
      { label: c.field.billable, value: l.quota(billable, org.hostQuota) },
      { label: c.field.networks, value: c.networks(org.declaredNetworks) },
      { label: c.field.standing, value: String(changes.standing.length) },
    ],
    tables,
    links: [],
    notes: unexpected ? [c.unexpectedHosts, c.cadence] : [c.cadence],
  };
}
