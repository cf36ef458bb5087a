import type { Firestore } from '@google-cloud/firestore';
import { firestoreHostInventory } from '../../alerting/adapters/firestore-host-inventory';
import { firestoreOrgAudits } from '../../audit/adapters/firestore-org-audits';
import { mapLimited } from '../../kernel/map-limited';
import { firestoreOrgs } from '../../orgs/adapters/firestore-orgs';
import { type HostHit, mergeRouter, snapshotHitsByOrg } from '../host-hits';
import { hostPatternOf } from '../host-pattern';

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
