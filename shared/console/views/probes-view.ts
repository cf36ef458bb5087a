import { z } from 'zod';
import { orgNameSchema } from '../../kernel/org-name';
import type { OrgRecord } from '../../orgs/org-record';
import { hasEnabledProbes, type OrgProbes } from '../../probes/org-probes';
import type { ProbeDefinition } from '../../probes/probe-definition';
import type { ProbeRoundRecord } from '../../probes/probe-round-record';
import type { ProbeHostNames } from '../read/probe-reads';

export const probeFiltersSchema = z.strictObject({ org: orgNameSchema.optional() });
export type ProbeFilters = z.infer<typeof probeFiltersSchema>;

/** Rows a table of the page shows at most (1,000 orgs of 20 probes would be a page of megabytes). */
export const PROBE_ROWS_SHOWN = 300;

/** A chunk whose record is older than this is behind: its message died, was late or is still retrying. */
export const CHUNK_BEHIND_MS = 2 * 60_000;

/** Why an org with probes stored is not probed: the round skips it. */
export type NotProbed = 'org-disabled' | 'no-enabled-probe' | 'no-probes-stored' | 'no-such-org';

export interface ProbeRow {
  org: string;
  probe: ProbeDefinition;
  /** `GET https://...`, `host:port`, `A name@resolver`. */
  checks: string;
  /** `service shop, roles web`, `hosts 3xA, 3xB`. */
  targets: string;
}

export interface OrgRoundRow {
  org: string;
  notProbed: NotProbed | null;
  /** The oldest round of the org's current chunks; null when none is recorded. */
  roundAt: number | null;
  /** Chunks of the org's last round, and how many of them are behind (or not recorded). */
  chunks: number;
  behind: number;
  targets: number;
  ok: number;
  failed: number;
  buffered: number;
  droppedPoints: number;
  rejectedPoints: number;
  /** Distinct, as the chunks recorded them. */
  postErrors: string[];
}

export interface ProbeFailureRow {
  org: string;
  probeId: string;
  hostId: string;
  hostName: string | undefined;
  kind: string;
  message: string;
  roundAt: number;
}

export interface ProbeProblemRow {
  org: string;
  probeId: string;
  hostId: string;
  hostName: string | undefined;
  kind: string;
  field: string | undefined;
  message: string;
}

export interface ProbesSummary {
  orgsProbed: number;
  targets: number;
  ok: number;
  failed: number;
  buffered: number;
  chunksBehind: number;
}

export interface ProbesView {
  summary: ProbesSummary;
  probes: ProbeRow[];
  rounds: OrgRoundRow[];
  failures: ProbeFailureRow[];
  /** Failures counted by the records beyond those they list (a record keeps the first MAX_LISTED). */
  unlistedFailures: number;
  problems: ProbeProblemRow[];
  unlistedProblems: number;
}

export interface ProbesInput {
  orgs: readonly Pick<OrgRecord, 'name' | 'enabled'>[];
  definitions: readonly { org: string; probes: OrgProbes }[];
  records: readonly ProbeRoundRecord[];
  hostNames: ProbeHostNames;
}

export function targetsText(targets: ProbeDefinition['targets']): string {
  if ('hostIds' in targets) return `hosts ${targets.hostIds.join(', ')}`;
  const roles = targets.roles ? `, roles ${targets.roles.join(', ')}` : '';
  return `service ${targets.service}${roles}`;
}

export function checksText(probe: ProbeDefinition): string {
  switch (probe.kind) {
    case 'http':
      return `${probe.method} ${probe.url}`;
    case 'tcp':
      return probe.address;
    case 'dns':
      return `${probe.type} ${probe.name}@${probe.resolver}`;
  }
}

const byOrgProbeHost = (
  a: { org: string; probeId: string; hostId: string },
  b: { org: string; probeId: string; hostId: string },
) => a.org.localeCompare(b.org) || a.probeId.localeCompare(b.probeId) || a.hostId.localeCompare(b.hostId);

function notProbed(
  org: Pick<OrgRecord, 'enabled'> | undefined,
  probes: OrgProbes | undefined,
): NotProbed | null {
  if (org === undefined) return 'no-such-org';
  if (!org.enabled) return 'org-disabled';
  if (probes === undefined) return 'no-probes-stored';
  return hasEnabledProbes(probes) ? null : 'no-enabled-probe';
}

/** The chunks of the org's last round: chunk 0 says how many; a record past them is left from a bigger round. */
function currentChunks(records: readonly ProbeRoundRecord[]) {
  const first = records.find((r) => r.chunk === 0);
  const chunks = first?.chunks ?? 1;
  const byChunk = new Map(records.filter((r) => r.chunk < chunks).map((r) => [r.chunk, r]));
  return { chunks, byChunk };
}

function roundRow(
  org: string,
  why: NotProbed | null,
  records: readonly ProbeRoundRecord[],
  nowMs: number,
): { row: OrgRoundRow; current: ProbeRoundRecord[] } {
  const { chunks, byChunk } = currentChunks(records);
  const current = [...byChunk.values()].sort((a, b) => a.chunk - b.chunk);
  const sum = (f: (r: ProbeRoundRecord) => number) => current.reduce((n, r) => n + f(r), 0);
  const fresh = current.filter((r) => r.roundAt * 1000 >= nowMs - CHUNK_BEHIND_MS).length;
  const row: OrgRoundRow = {
    org,
    notProbed: why,
    roundAt: current.length > 0 ? Math.min(...current.map((r) => r.roundAt)) : null,
    chunks,
    // An org that is not probed is not behind: no round is due.
    behind: why === null ? chunks - fresh : 0,
    targets: sum((r) => r.targets),
    ok: sum((r) => r.ok),
    failed: sum((r) => r.failed),
    buffered: sum((r) => r.buffer.length),
    droppedPoints: sum((r) => r.droppedPoints),
    rejectedPoints: sum((r) => r.rejectedPoints),
    postErrors: [...new Set(current.flatMap((r) => (r.postError === null ? [] : [r.postError])))],
  };
  return { row, current };
}

/** Orgs whose host names the page needs: those with a failure or a problem listed. */
export const orgsToName = (records: readonly ProbeRoundRecord[]): string[] => [
  ...new Set(records.filter((r) => r.failures.length > 0 || r.problems.length > 0).map((r) => r.org)),
];

/**
 * Every org's probes and its last round, then what fails and which definitions need editing. Only orgs
 * the round probes count in the summary and list failures: a disabled org's last record is history.
 */
export function probesView(input: ProbesInput, filters: ProbeFilters, now: Date): ProbesView {
  const wanted = (org: string) => filters.org === undefined || org === filters.org;
  const orgs = new Map(input.orgs.map((o) => [o.name, o]));
  const definitions = new Map(input.definitions.filter((d) => wanted(d.org)).map((d) => [d.org, d.probes]));
  const recordsOf = new Map<string, ProbeRoundRecord[]>();
  for (const record of input.records.filter((r) => wanted(r.org))) {
    recordsOf.set(record.org, [...(recordsOf.get(record.org) ?? []), record]);
  }
  const names = [...new Set([...definitions.keys(), ...recordsOf.keys()])].sort();
  const rounds: OrgRoundRow[] = [];
  const probed: ProbeRoundRecord[] = [];
  for (const org of names) {
    const why = notProbed(orgs.get(org), definitions.get(org));
    const { row, current } = roundRow(org, why, recordsOf.get(org) ?? [], now.getTime());
    rounds.push(row);
    if (why === null) probed.push(...current);
  }
  const counted = rounds.filter((r) => r.notProbed === null);
  const total = (f: (r: OrgRoundRow) => number) => counted.reduce((n, r) => n + f(r), 0);
  const nameOf = (org: string, hostId: string) => input.hostNames.get(org)?.get(hostId);
  return {
    summary: {
      orgsProbed: counted.length,
      targets: total((r) => r.targets),
      ok: total((r) => r.ok),
      failed: total((r) => r.failed),
      buffered: total((r) => r.buffered),
      chunksBehind: total((r) => r.behind),
    },
    probes: names.flatMap((org) =>
      (definitions.get(org)?.probes ?? []).map((probe) => ({
        org,
        probe,
        checks: checksText(probe),
        targets: targetsText(probe.targets),
      })),
    ),
    rounds,
    failures: probed
      .flatMap((r) =>
        r.failures.map((f) => ({ org: r.org, ...f, hostName: nameOf(r.org, f.hostId), roundAt: r.roundAt })),
      )
      .sort(byOrgProbeHost),
    unlistedFailures: probed.reduce((n, r) => n + Math.max(0, r.failed - r.failures.length), 0),
    problems: probed
      .flatMap((r) =>
        r.problems.map((p) => ({
          org: r.org,
          probeId: p.probeId,
          hostId: p.hostId,
          hostName: nameOf(r.org, p.hostId),
          kind: p.kind,
          field: p.field,
          message: p.message,
        })),
      )
      .sort(byOrgProbeHost),
    unlistedProblems: probed.reduce((n, r) => n + Math.max(0, r.problemCount - r.problems.length), 0),
  };
}
