import type { Firestore } from '@google-cloud/firestore';
import { firestoreHostInventory } from '../shared/alerting/adapters/firestore-host-inventory';
import type { HostRecord } from '../shared/alerting/router/host-record';
import { firestoreOrgAudits } from '../shared/audit/adapters/firestore-org-audits';
import type { HostSnapshot } from '../shared/audit/host-snapshot';
import { firestoreOrgs } from '../shared/orgs/adapters/firestore-orgs';
import { hostPatternOf } from './host-pattern';
import { mapLimited } from './map-limited';

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

export interface HostSearchQuery {
  /** Glob (with `*`, `?`) or case-insensitive substring of the host name. */
  pattern: string;
  org?: string;
  status?: string;
  /** Orgs whose router inventory is read at once. */
  concurrency?: number;
}

export interface HostSearchResult {
  hits: HostHit[];
  /** Orgs whose audit snapshot was searched. */
  auditSnapshots: number;
  /** Orgs whose router inventory (orgs/{org}/hosts) was read. */
  routerInventories: number;
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
function mergeRouter(
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

/**
 * Hosts by name across every org (or one). The audit's snapshots (hostIndex, one string per org, read
 * at once) hold every billable host's name but no status, so the router's inventory is read too, per org
 * (the emulator has no collection-group queries), for the orgs where the snapshot had a hit and those
 * never audited; with --org always. A host registered since the last audit round in an org with no other
 * hit is found once the audit has seen it (within the hour).
 */
export async function searchHosts(db: Firestore, query: HostSearchQuery): Promise<HostSearchResult> {
  const matches = hostPatternOf(query.pattern);
  const audits = firestoreOrgAudits(db);
  const inventory = firestoreHostInventory(db);
  const [states, orgNames] = query.org
    ? [
        await audits.get(query.org).then((s) => (s?.snapshot ? [{ org: s.org, snapshot: s.snapshot }] : [])),
        [query.org],
      ]
    : await Promise.all([
        audits.listSnapshots(),
        firestoreOrgs(db)
          .list()
          .then((orgs) => orgs.map((o) => o.name)),
      ]);
  const hitsByOrg = snapshotHitsByOrg(states, orgNames, matches);
  const audited = new Set(states.map((state) => state.org));
  const toRead = [...hitsByOrg].filter(([org, hits]) => query.org || hits.length > 0 || !audited.has(org));
  const merged = await mapLimited(toRead, query.concurrency ?? 16, async ([org, hits]) => {
    hitsByOrg.set(org, mergeRouter(hits, await inventory.list(org), matches));
  });
  const hits = [...hitsByOrg.values()]
    .flat()
    .filter((hit) => query.status === undefined || hit.status === query.status)
    .sort(
      (a, b) =>
        a.org.localeCompare(b.org) || a.name.localeCompare(b.name) || a.hostId.localeCompare(b.hostId),
    );
  return { hits, auditSnapshots: audited.size, routerInventories: merged.length };
}
