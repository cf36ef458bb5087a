import { epochText } from '../shared/kernel/time/jst-format';
import type { OrgProbes } from '../shared/probes/org-probes';
import type { ProbeDefinition } from '../shared/probes/probe-definition';
import type { ProbeRoundRecord } from '../shared/probes/probe-round-record';
import type { Report } from './command-runner';
import { textTable } from './text-table';

/** Problems and failures printed per org; --json has every one the records keep. */
const LISTED_PER_ORG = 10;

/** `service shop roles web,app`, `service shop`, `hosts 3x8Fa,4b2Kc`. */
export function targetsText(targets: ProbeDefinition['targets']): string {
  if ('hostIds' in targets) return `hosts ${targets.hostIds.join(',')}`;
  return targets.roles
    ? `service ${targets.service} roles ${targets.roles.join(',')}`
    : `service ${targets.service}`;
}

/** What the probe checks: `GET https://...`, `host:port`, `A name@resolver`. */
export function checksText(probe: ProbeDefinition): string {
  if (probe.kind === 'http') return `${probe.method} ${probe.url}`;
  if (probe.kind === 'tcp') return probe.address;
  return `${probe.type} ${probe.name}@${probe.resolver}`;
}

export const kindCounts = (probes: readonly ProbeDefinition[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const p of probes) counts[p.kind] = (counts[p.kind] ?? 0) + 1;
  return counts;
};

export const kindsText = (probes: readonly ProbeDefinition[]): string =>
  Object.entries(kindCounts(probes))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ') || 'none';

export interface OrgListing {
  org: string;
  /** Null: nothing stored for the org. */
  probes: OrgProbes | null;
  /** The org's chunk records, by chunk. */
  rounds: ProbeRoundRecord[];
}

const probeRows = (probes: readonly ProbeDefinition[]) =>
  probes.map((p) => [p.id, p.kind, p.enabled ? 'yes' : 'no', targetsText(p.targets), checksText(p)]);

const roundRows = (rounds: readonly ProbeRoundRecord[]) =>
  rounds.map((r) => [
    `${r.chunk}/${r.chunks}`,
    epochText(r.roundAt),
    String(r.targets),
    String(r.ok),
    String(r.failed),
    String(r.buffer.length),
    String(r.problemCount),
    r.postError ?? '-',
  ]);

/** At most LISTED_PER_ORG rows, and a line saying how many more the JSON has. */
function capped(title: string, headers: string[], rows: string[][]): string[] {
  if (rows.length === 0) return [];
  const more = rows.length - LISTED_PER_ORG;
  return [
    `${title} (${rows.length}):`,
    textTable(headers, rows.slice(0, LISTED_PER_ORG)),
    ...(more > 0 ? [`... and ${more} more (--json lists them)`] : []),
  ];
}

function orgText(listing: OrgListing): string[] {
  const { org, probes, rounds } = listing;
  const head =
    probes === null
      ? `${org}: no probes stored`
      : `${org}: ${probes.probes.length} probe(s) (${kindsText(probes.probes)})${probes.settings.allowRanges.length > 0 ? `, allowRanges ${probes.settings.allowRanges.join(', ')}` : ''}`;
  const lines = [head];
  if (probes !== null && probes.probes.length > 0) {
    lines.push(textTable(['ID', 'KIND', 'ENABLED', 'TARGETS', 'CHECKS'], probeRows(probes.probes)));
  }
  if (rounds.length === 0) lines.push('last round: none recorded');
  else {
    lines.push('last round, per chunk:');
    lines.push(
      textTable(
        ['CHUNK', 'ROUND', 'TARGETS', 'OK', 'FAILED', 'BUFFERED', 'PROBLEMS', 'POST ERROR'],
        roundRows(rounds),
      ),
    );
  }
  const problems = rounds.flatMap((r) => r.problems);
  lines.push(
    ...capped(
      'problems',
      ['KIND', 'PROBE', 'HOST', 'FIELD', 'MESSAGE'],
      problems.map((p) => [p.kind, p.probeId, p.hostId, p.field ?? '-', p.message]),
    ),
  );
  const failures = rounds.flatMap((r) => r.failures);
  lines.push(
    ...capped(
      'failures',
      ['PROBE', 'HOST', 'KIND', 'MESSAGE'],
      failures.map((f) => [f.probeId, f.hostId, f.kind, f.message]),
    ),
  );
  return lines;
}

/** Each org's probes and last round; the JSON keeps the records whole but counts the buffer. */
export function listReport(listings: readonly OrgListing[]): Report {
  const text =
    listings.length === 0
      ? 'no org has probes stored (msp-ops probes set --org <org> --file <probes.yaml>)'
      : listings.map((l) => orgText(l).join('\n')).join('\n\n');
  const json = {
    orgs: listings.map((l) => ({
      org: l.org,
      probes: l.probes?.probes ?? null,
      settings: l.probes?.settings ?? null,
      rounds: l.rounds.map(({ buffer, ...rest }) => ({ ...rest, buffered: buffer.length })),
    })),
  };
  return { json, text };
}
