import type { HostRecord } from '../alerting/router/host-record';
import type { HostSnapshot } from '../audit/host-snapshot';

/** Where a hit's facts come from: the audit's snapshot (names, first seen), the router's inventory (status). */
export type HostSource = 'audit' | 'router' | 'audit+router';

export interface HostHit {
  org: string;
  hostId: string;
  name: string;
  /** Mackerel's status, `retired` for a retired host; null when only the audit knows the host. */
  status: string | null;
  roles: string[];
  /** Epoch seconds the audit first saw it; null when only the router knows it. */
  firstSeenAt: number | null;
  source: HostSource;
}

/** One org's audit snapshot of its hosts (hostIndex). */
export interface OrgHostSnapshot {
  org: string;
  snapshot: HostSnapshot;
}

function snapshotHits(state: OrgHostSnapshot, matches: (name: string) => boolean): HostHit[] {
  return Object.entries(state.snapshot.hosts).flatMap(([hostId, host]) =>
    matches(host.name)
      ? [
          {
            org: state.org,
            hostId,
            name: host.name,
            status: host.status ?? null,
            roles: host.roles ?? [],
            firstSeenAt: host.firstSeenAt,
            source: 'audit' as const,
          },
        ]
      : [],
  );
}

/** Adds the router's facts to the audit's hits, and the hosts only the router knows (registered since). */
export function mergeRouter(
  hits: HostHit[],
  records: readonly HostRecord[],
  matches: (name: string) => boolean,
): HostHit[] {
  const byId = new Map(hits.map((hit) => [hit.hostId, hit]));
  for (const record of records) {
    const status = record.retired ? 'retired' : record.status;
    const known = byId.get(record.hostId);
    if (known) Object.assign(known, { status, roles: record.roles, source: 'audit+router' });
    else if (matches(record.name)) {
      const hit: HostHit = {
        org: record.org,
        hostId: record.hostId,
        name: record.name,
        status,
        roles: record.roles,
        firstSeenAt: null,
        source: 'router',
      };
      byId.set(record.hostId, hit);
    }
  }
  return [...byId.values()];
}

/**
 * The audit snapshots' hits, per org: every org named (those without a snapshot get none) and every
 * audited one. Pure, so the benchmark can time the matching apart from the reads.
 */
export function snapshotHitsByOrg(
  states: readonly OrgHostSnapshot[],
  orgNames: readonly string[],
  matches: (name: string) => boolean,
): Map<string, HostHit[]> {
  const hitsByOrg = new Map<string, HostHit[]>(orgNames.map((org) => [org, []]));
  for (const state of states) hitsByOrg.set(state.org, snapshotHits(state, matches));
  return hitsByOrg;
}
