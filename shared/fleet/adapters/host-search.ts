import type { Firestore } from '@google-cloud/firestore';
import { firestoreHostInventory } from '../../alerting/adapters/firestore-host-inventory';
import { firestoreOrgAudits } from '../../audit/adapters/firestore-org-audits';
import { mapLimited } from '../../kernel/map-limited';
import { firestoreOrgs } from '../../orgs/adapters/firestore-orgs';
import { type HostHit, mergeRouter, type OrgHostSnapshot, snapshotHitsByOrg } from '../host-hits';
import { hostPatternOf } from '../host-pattern';

export interface HostSearchQuery {
  /** Glob (with `*`, `?`) or case-insensitive substring of the host name. */
  pattern: string;
  org?: string;
  status?: string;
  /** Orgs whose router inventory is read at once. */
  concurrency?: number;
  /**
   * Hits wanted, first by org and name: orgs past those that fill it are not read from the router
   * (their snapshot hits are counted in `matched`). Without it, every hit. Ignored with a status filter,
   * which needs each org's router status.
   */
  limit?: number;
}

export interface HostSearchResult {
  hits: HostHit[];
  /** Orgs whose audit snapshot was searched. */
  auditSnapshots: number;
  /** Orgs whose router inventory (orgs/{org}/hosts) was read. */
  routerInventories: number;
  /** Hits in all, `hits` being the first `limit` of them; counted from the audit's snapshot where the
   * router's inventory was not read. */
  matched: number;
}

/** Where a search across every org finds the audit's snapshots and the org names (the console caches them). */
export interface HostSearchSources {
  snapshots(): Promise<OrgHostSnapshot[]>;
  orgNames(): Promise<string[]>;
}

export function hostSearchSources(db: Firestore): HostSearchSources {
  return {
    snapshots: () => firestoreOrgAudits(db).listSnapshots(),
    orgNames: async () => (await firestoreOrgs(db).list()).map((o) => o.name),
  };
}

/**
 * The orgs to read from the router, in name order: every one with a snapshot hit and every one never
 * audited (the router may know hosts there), up to the org whose hits fill `limit`.
 */
function orgsToRead(
  hitsByOrg: Map<string, HostHit[]>,
  audited: ReadonlySet<string>,
  limit: number | undefined,
): string[] {
  const candidates = [...hitsByOrg]
    .filter(([org, hits]) => hits.length > 0 || !audited.has(org))
    .sort(([a], [b]) => a.localeCompare(b));
  if (limit === undefined) return candidates.map(([org]) => org);
  const chosen: string[] = [];
  let hits = 0;
  for (const [org, orgHits] of candidates) {
    if (hits >= limit) break;
    chosen.push(org);
    hits += orgHits.length;
  }
  return chosen;
}

/**
 * Hosts by name across every org (or one). The audit's snapshots (hostIndex, one string per org, read
 * at once) hold every billable host's name but no status, so the router's inventory is read too, per org
 * (the emulator has no collection-group queries), for the orgs where the snapshot had a hit and those
 * never audited (with a limit, those up to the org that fills it); with --org always. A host registered
 * since the last audit round in an org with no other hit is found once the audit has seen it (within
 * the hour).
 */
export async function searchHosts(
  db: Firestore,
  query: HostSearchQuery,
  sources: HostSearchSources = hostSearchSources(db),
): Promise<HostSearchResult> {
  const matches = hostPatternOf(query.pattern);
  const inventory = firestoreHostInventory(db);
  const [states, orgNames] = query.org
    ? [
        await firestoreOrgAudits(db)
          .get(query.org)
          .then((s) => (s?.snapshot ? [{ org: s.org, snapshot: s.snapshot }] : [])),
        [query.org],
      ]
    : await Promise.all([sources.snapshots(), sources.orgNames()]);
  const hitsByOrg = snapshotHitsByOrg(states, orgNames, matches);
  const audited = new Set(states.map((state) => state.org));
  const toRead = query.org
    ? [query.org]
    : orgsToRead(hitsByOrg, audited, query.status === undefined ? query.limit : undefined);
  const merged = await mapLimited(toRead, query.concurrency ?? 16, async (org) => {
    hitsByOrg.set(org, mergeRouter(hitsByOrg.get(org) ?? [], await inventory.list(org), matches));
  });
  const all = [...hitsByOrg.values()]
    .flat()
    .filter((hit) => query.status === undefined || hit.status === query.status)
    .sort(
      (a, b) =>
        a.org.localeCompare(b.org) || a.name.localeCompare(b.name) || a.hostId.localeCompare(b.hostId),
    );
  return {
    hits: query.limit === undefined ? all : all.slice(0, query.limit),
    auditSnapshots: audited.size,
    routerInventories: merged.length,
    matched: all.length,
  };
}
