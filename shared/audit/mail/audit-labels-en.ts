import { formatJst } from '../../kernel/time/jst-format';
import type { Finding } from '../findings/finding';
import { probeProblemsText } from '../findings/finding-detail';
import type { AuditLabels, SummaryCounts } from './audit-labels';

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

const KEY_PROBLEM = {
  'invalid-key': 'API key invalid',
  forbidden: 'API key forbidden',
  'no-key': 'no API key',
};
const KEY_DETAILS = {
  'invalid-key': 'Mackerel rejects the key (401): this org cannot be audited until the key is replaced',
  forbidden:
    "Mackerel refuses the key (403): it lacks read permission, or the org's API IP restriction excludes us",
  'no-key': 'no API key is stored for this org',
};
const CHANNEL_PROBLEM = {
  missing: 'webhook channel missing',
  suspended: 'webhook channel suspended',
  'alerts-not-subscribed': 'webhook channel not subscribed to alerts',
};

const DRIFT_PROBLEM = {
  missing: 'deleted by hand',
  changed: 'changed by hand',
  muted: 'muted by hand',
  duplicated: 'named twice',
};

const findingCounts = (c: SummaryCounts): string =>
  `${c.critical} critical, ${c.warning} warning, ${c.info} info`;

export const AUDIT_LABELS_EN: AuditLabels = {
  clauseSeparator: '; ',
  separator: ', ',
  unknown: 'unknown',
  more: (count) => `… and ${count} more`,
  change: { appeared: 'new', changed: 'changed', cleared: 'resolved' },
  title(f: Finding) {
    switch (f.kind) {
      case 'api-key':
        return KEY_PROBLEM[f.facts.errorKind];
      case 'org-mismatch':
        return `API key belongs to ${f.facts.actualOrg}`;
      case 'audit-failing':
        return `audit failing (${plural(f.facts.consecutiveFailures, 'round')})`;
      case 'webhook-channel':
        return CHANNEL_PROBLEM[f.facts.problem];
      case 'host-quota':
        return `host quota ${f.facts.band === 'over' ? 'over' : 'near limit'} (${f.facts.billable}/${f.facts.max})`;
      case 'new-host':
        return `new host ${f.facts.host.name}`;
      case 'host-outside-networks':
        return `host ${f.facts.host.name} outside declared networks`;
      case 'monitor-drift':
        return `monitor "${f.facts.monitor}" ${DRIFT_PROBLEM[f.facts.problem]}`;
      case 'probe-definition':
        return `probe definition needs attention (probe ${f.facts.probeId}): ${plural(f.facts.hostCount, 'host')}`;
    }
  },
  several: (kind, count) => {
    if (kind === 'new-host') return plural(count, 'new host');
    if (kind === 'monitor-drift') return `${plural(count, 'monitor')} not as the templates say`;
    if (kind === 'probe-definition') return `${plural(count, 'probe definition')} need attention`;
    return `${plural(count, 'host')} outside declared networks`;
  },
  resolved(f, count) {
    switch (f.kind) {
      case 'api-key':
        return 'API key';
      case 'org-mismatch':
        return 'API key org';
      case 'audit-failing':
        return 'audit failures';
      case 'webhook-channel':
        return 'webhook channel';
      case 'host-quota':
        return 'host quota';
      case 'new-host':
        return count === 1 ? `new host ${f.facts.host.name} gone` : `${plural(count, 'new host')} gone`;
      case 'host-outside-networks':
        return count === 1
          ? `host ${f.facts.host.name} outside networks`
          : `${plural(count, 'host')} outside networks`;
      case 'monitor-drift':
        return count === 1 ? `monitor "${f.facts.monitor}" drift` : `drift of ${plural(count, 'monitor')}`;
      case 'probe-definition':
        return count === 1
          ? `probe ${f.facts.probeId} definition`
          : `definitions of ${plural(count, 'probe')}`;
    }
  },
  resolvedTag: 'resolved',
  details(f) {
    switch (f.kind) {
      case 'api-key':
        return KEY_DETAILS[f.facts.errorKind];
      case 'org-mismatch':
        return `the key answers for org "${f.facts.actualOrg}", not "${f.facts.expectedOrg}": it was pasted into the wrong record`;
      case 'audit-failing':
        return `${plural(f.facts.consecutiveFailures, 'round')} in a row failed since ${formatJst(f.facts.failingSince)} (latest: ${f.facts.errorKind})`;
      case 'webhook-channel': {
        const channel = `channel "${f.facts.channelName}" (${f.facts.channelId})`;
        if (f.facts.problem === 'missing')
          return 'no webhook channel in the org points at the pipeline: its alerts reach nobody';
        if (f.facts.problem === 'alerts-not-subscribed') return `${channel} does not send alert events`;
        const since = f.facts.suspendedAt === null ? '' : ` at ${formatJst(f.facts.suspendedAt)}`;
        return `${channel} suspended by Mackerel${since}: it sends nothing until someone resumes it`;
      }
      case 'host-quota':
        return `${plural(f.facts.billable, 'billable host')}; warn at ${f.facts.warn}, contract max ${f.facts.max}`;
      case 'new-host':
        return AUDIT_LABELS_EN.hostLine(f.facts.host);
      case 'host-outside-networks':
        return `${f.facts.host.name} (${f.facts.host.id}): ${f.facts.outsideAddresses.join(', ')} outside declared networks`;
      case 'monitor-drift': {
        const what = {
          missing: 'is in the templates but not in Mackerel: someone deleted it',
          changed: `differs from the templates in ${f.facts.fields.join(', ')}`,
          muted: 'is muted in Mackerel, not in the templates: it alerts nobody',
          duplicated: 'exists twice in Mackerel: the push will not guess which one to update',
        }[f.facts.problem];
        return `monitor "${f.facts.monitor}" ${what}; msp-ops monitors diff --org shows it, monitors push puts it back`;
      }
      case 'probe-definition': {
        const { probeId, hostCount } = f.facts;
        const list = probeProblemsText(f.facts, '; ', AUDIT_LABELS_EN.more);
        return (
          `probe ${probeId} cannot run on ${plural(hostCount, 'host')}: ${list}. ` +
          'msp-ops probes list --org shows them; fix the definition with msp-ops probes set'
        );
      }
    }
  },
  was: (text) => `was: ${text}`,
  hostLine: (h) =>
    `${h.name} (${h.id}), created ${h.createdAt === null ? 'at an unknown time' : formatJst(h.createdAt)}, agent ${h.agentVersion ?? 'unknown'}, ` +
    `${h.addresses.length > 0 ? h.addresses.join(', ') : 'no addresses'}, ${h.cloudProvider ?? 'no cloud provider'}`,
  quota: (billable, quota) => {
    if (billable === null) return 'not known (not audited)';
    return quota === undefined
      ? `${billable} (no quota set)`
      : `${billable} (warn ${quota.warn}, max ${quota.max})`;
  },
  changeMail: {
    lead: (org, displayName, at, changed, cleared) =>
      `The audit of ${org} (${displayName}) at ${formatJst(at)}: ${plural(changed, 'new or changed finding')}, ${cleared} resolved.`,
    field: {
      org: 'Org',
      auditedAt: 'Audited at',
      billable: 'Billable hosts',
      networks: 'Declared networks',
      standing: 'Standing findings',
    },
    networks: (cidrs) => (cidrs.length === 0 ? 'none declared (check off)' : cidrs.join(', ')),
    caption: { changes: 'Changes', newHosts: 'New hosts', outside: 'Hosts outside declared networks' },
    column: {
      change: 'Change',
      severity: 'Severity',
      finding: 'Finding',
      details: 'Details',
      firstSeen: 'First seen (JST)',
      host: 'Host',
      hostId: 'Host ID',
      created: 'Created (JST)',
      agent: 'Agent version',
      addresses: 'Addresses',
      cloud: 'Cloud provider',
      outside: 'Outside addresses',
    },
    cadence:
      'A finding is mailed when it appears, changes or is resolved, not again while it stands. The daily summary at 09:00 JST lists every standing finding.',
    unexpectedHosts:
      'A host nobody expected can mean a leaked API key (a world-readable mackerel-agent.conf, say): check who registered it, and replace the key if unsure.',
  },
  summary: {
    subject: (date, c) => {
      const found =
        c.orgsWithFindings === 0
          ? `no findings in ${plural(c.orgs, 'org')}`
          : `${findingCounts(c)} in ${c.orgsWithFindings} of ${plural(c.orgs, 'org')}`;
      return `Mackerel org audit ${date}: ${found}${c.notAudited > 0 ? `; ${plural(c.notAudited, 'org')} not audited` : ''}`;
    },
    lead: (date, c) =>
      `Standing findings of the Mackerel org audit on ${date} (JST): ${findingCounts(c)} in ${c.orgsWithFindings} of ${plural(c.orgs, 'org')}.`,
    field: {
      date: 'Date (JST)',
      orgs: 'Orgs',
      notAudited: 'Not audited in the last round',
      billable: 'Billable hosts, all orgs',
      findings: 'Standing findings',
    },
    findingCounts,
    caption: {
      orgs: 'Orgs',
      findings: 'Standing findings',
      notAudited: 'Orgs not audited in the last round',
      deadLetters: 'Dead letters not replayed',
    },
    replayHint:
      'Dead letters are messages the pipeline gave up on after every retry. Fix the cause, then replay them: msp-ops deadletters list, msp-ops deadletters replay --all.',
    column: {
      org: 'Org',
      billable: 'Billable hosts',
      warn: 'Warn at',
      max: 'Contract max',
      lastAudited: 'Last audited (JST)',
      missedWebhooks: 'Missed webhooks',
      topic: 'Topic',
      deadLetters: 'Dead letters',
      severity: 'Severity',
      finding: 'Finding',
      details: 'Details',
      since: 'Since (JST)',
    },
    never: 'never',
    cadence: 'Each finding was mailed when it appeared; this summary lists what still stands.',
  },
};
