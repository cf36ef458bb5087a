import type { StoredRound } from '../../probes/probe-ports';
import type { ProbeProblemRecord } from '../../probes/probe-round-record';
import { type DraftOf, MAX_PROBE_HOSTS_LISTED, type ProbeHostProblem } from './finding';

/**
 * How old the probe round's record may be and still speak for the definitions now. Probes run every
 * minute: an older record means they stopped (the org's probes were deleted or disabled, or the probe
 * function is down), and says nothing either way.
 */
export const PROBE_ROUND_FRESH_SECONDS = 15 * 60;
/**
 * A record this old is of probes that were deleted or disabled (the probe function's own outage shows
 * sooner, in the self-watch's chunks behind): it no longer keeps findings standing.
 */
export const PROBE_ROUND_GONE_SECONDS = 24 * 3600;

/** The definition problems of the org's last probe round, on a round that can judge them. */
export interface ProbeDefinitionCheck {
  problems: readonly ProbeProblemRecord[];
  /**
   * Every problem is listed, so a probe not in the list has none. False when the record capped the list
   * (shared/probes/probe-round-record.ts, MAX_LISTED): probes left out may still have problems.
   */
  complete: boolean;
}

/**
 * From chunk 0's record (it holds the org's definition problems): no record (or one a day old), no
 * probes and no problems; a record too old or unreadable is not a check (null): findings stand.
 */
export function probeDefinitionCheck(stored: StoredRound | null, at: number): ProbeDefinitionCheck | null {
  const none = { problems: [], complete: true };
  if (stored === null) return none;
  const { record } = stored;
  if (record !== null && at - record.roundAt > PROBE_ROUND_GONE_SECONDS) return none;
  if (record === null || at - record.roundAt > PROBE_ROUND_FRESH_SECONDS) return null;
  return { problems: record.problems, complete: record.problems.length >= record.problemCount };
}

/** Stored and mailed facts stay short; `msp-ops probes list` shows the record's full messages. */
const MAX_MESSAGE = 160;
const MAX_HOST_ID = 64;
const MAX_FIELD = 32;
const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

const byHostId = (a: ProbeHostProblem, b: ProbeHostProblem) =>
  a.hostId < b.hostId ? -1 : a.hostId > b.hostId ? 1 : 0;

/**
 * One finding per probe with problems, keyed by probe id: fixing one definition clears just that one.
 * Each host is listed once, with its first problem (the probe round reports one per probe and host);
 * long messages (a rendered URL) are cut.
 */
export function probeDefinitionFindings(
  problems: readonly ProbeProblemRecord[],
): DraftOf<'probe-definition'>[] {
  const byProbe = new Map<string, Map<string, ProbeHostProblem>>();
  for (const p of problems) {
    const hosts = byProbe.get(p.probeId) ?? new Map<string, ProbeHostProblem>();
    byProbe.set(p.probeId, hosts);
    if (hosts.has(p.hostId)) continue;
    hosts.set(p.hostId, {
      hostId: clip(p.hostId, MAX_HOST_ID),
      kind: p.kind,
      field: p.field === undefined ? null : clip(p.field, MAX_FIELD),
      placeholder: p.placeholder === undefined ? null : clip(p.placeholder, MAX_HOST_ID),
      message: clip(p.message, MAX_MESSAGE),
    });
  }
  return [...byProbe.keys()].sort().map((probeId) => {
    const hosts = [...(byProbe.get(probeId)?.values() ?? [])].sort(byHostId);
    return {
      key: `probe-definition:${probeId}`,
      kind: 'probe-definition',
      severity: 'warning',
      expiresAt: null,
      facts: { probeId, problems: hosts.slice(0, MAX_PROBE_HOSTS_LISTED), hostCount: hosts.length },
    };
  });
}
