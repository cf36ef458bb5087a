import { epochText } from '../../kernel/time/jst-format';
import type { Finding } from './finding';

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
  }
}
