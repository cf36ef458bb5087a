import { epochText } from '../../kernel/time/jst-format';
import type { Finding, FindingOf, ProbeHostProblem } from './finding';

/** One host's problem with a probe, naming the host (a template's message may not) and the field. */
export const probeProblemText = (p: ProbeHostProblem): string =>
  `${p.hostId}: ${p.message}${p.field === null ? '' : ` [${p.field}]`}`;

/** Characters of a probe's listed problems in one line: a mail's table cell holds at most 2,000. */
export const PROBE_PROBLEMS_BUDGET = 1400;

/**
 * A probe-definition finding's hosts and their problems as one list, within the budget (the first host
 * always); the hosts not shown, listed or only counted, are told by `more`.
 */
export function probeProblemsText(
  facts: FindingOf<'probe-definition'>['facts'],
  separator: string,
  more: (count: number) => string,
): string {
  const shown: string[] = [];
  let length = 0;
  for (const p of facts.problems) {
    const text = probeProblemText(p);
    const added = (shown.length > 0 ? separator.length : 0) + text.length;
    if (shown.length > 0 && length + added > PROBE_PROBLEMS_BUDGET) break;
    shown.push(text);
    length += added;
  }
  const rest = facts.hostCount - shown.length;
  return (rest > 0 ? [...shown, more(rest)] : shown).join(separator);
}

/** One line on what a finding is about, from its facts (the mails word them; a table needs them short). */
export function findingDetail(finding: Finding): string {
  switch (finding.kind) {
    case 'api-key':
      return `API key: ${finding.facts.errorKind}`;
    case 'org-mismatch':
      return `the key belongs to ${finding.facts.actualOrg}, not ${finding.facts.expectedOrg}`;
    case 'audit-failing':
      return `${finding.facts.errorKind}, ${finding.facts.consecutiveFailures} rounds since ${epochText(finding.facts.failingSince)}`;
    case 'webhook-channel': {
      const channel = finding.facts.channelName ?? finding.facts.channelId;
      return `webhook channel ${finding.facts.problem}${channel ? ` (${channel})` : ''}`;
    }
    case 'host-quota':
      return `${finding.facts.billable} billable hosts (${finding.facts.band}: warn ${finding.facts.warn}, max ${finding.facts.max})`;
    case 'new-host':
      return `${finding.facts.host.name} (${finding.facts.host.id})`;
    case 'host-outside-networks':
      return `${finding.facts.host.name}: ${finding.facts.outsideAddresses.join(', ')}`;
    case 'monitor-drift': {
      const fields = finding.facts.fields.length > 0 ? ` (${finding.facts.fields.join(', ')})` : '';
      return `monitor "${finding.facts.monitor}" ${finding.facts.problem}${fields}`;
    }
    case 'probe-definition': {
      const { probeId, hostCount } = finding.facts;
      const hosts = `${hostCount} ${hostCount === 1 ? 'host' : 'hosts'}`;
      const list = probeProblemsText(finding.facts, '; ', (n) => `… and ${n} more`);
      return `probe ${probeId} on ${hosts}: ${list}`;
    }
  }
}
