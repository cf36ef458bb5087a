import type { Finding } from './finding';

/**
 * What must differ for a standing finding to count as changed (and be mailed again). Counts that drift
 * inside one band (billable hosts 38 -> 39 while warning, failures 3 -> 4) are not in it: the stored finding
 * takes the new facts quietly and the daily summary shows them.
 */
export function findingFingerprint(f: Finding): string {
  const material = ((): unknown => {
    switch (f.kind) {
      case 'api-key':
        return f.facts.errorKind;
      case 'org-mismatch':
        return f.facts.actualOrg;
      case 'audit-failing':
        return null;
      case 'webhook-channel':
        return [f.facts.problem, f.facts.channelId];
      case 'host-quota':
        return [f.facts.band, f.facts.warn, f.facts.max];
      case 'new-host':
        return null;
      case 'host-outside-networks':
        return [...f.facts.outsideAddresses].sort();
      case 'monitor-drift':
        return [f.facts.problem, [...f.facts.fields].sort()];
      case 'probe-definition':
        // Which hosts, and what about each: another host (or another field) failing is mailed again.
        return [
          f.facts.probeId,
          f.facts.hostCount,
          f.facts.problems.map((p) => JSON.stringify([p.hostId, p.kind, p.field, p.placeholder])).sort(),
        ];
    }
  })();
  return JSON.stringify([f.severity, material]);
}
