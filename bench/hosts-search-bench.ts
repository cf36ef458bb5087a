import { Firestore } from '@google-cloud/firestore';
import { type RunningFirestoreEmulator, startFirestoreEmulator } from '../local/firestore/firestore-emulator';
import { firestoreOrgAudits } from '../shared/audit/adapters/firestore-org-audits';
import { searchHosts } from '../shared/fleet/adapters/host-search';
import { snapshotHitsByOrg } from '../shared/fleet/host-hits';
import { hostPatternOf } from '../shared/fleet/host-pattern';
import { mapLimited } from '../shared/kernel/map-limited';
import { firestoreOrgs } from '../shared/orgs/adapters/firestore-orgs';
import { seedBenchOrgs } from './bench-orgs';

const PROJECT = 'hosts-search-bench';
const ORGS = 1000;
const HOSTS_PER_ORG = 100;
const RUNS = 3;
const ROLES = ['web', 'app', 'db', 'cache', 'batch'];
const AUDITED_AT = 1_767_225_600;

export const orgName = (i: number) => `bench-${String(i).padStart(4, '0')}`;
/** `db-07.bench-0500`: role, number within the role, org; unique across the MSP. */
const hostName = (org: string, h: number) =>
  `${ROLES[h % ROLES.length]}-${String(Math.floor(h / ROLES.length)).padStart(2, '0')}.${org}`;

/** 1,000 orgs, each with 100 hosts in the audit's host index (a round's state as the audit writes it). */
export async function seedOrgsWithHosts(db: Firestore): Promise<void> {
  const orgs = Array.from({ length: ORGS }, (_, i) => orgName(i));
  await mapLimited(orgs, 32, async (org) => {
    await seedBenchOrgs(db, [org], 300);
    const hosts = Object.fromEntries(
      Array.from({ length: HOSTS_PER_ORG }, (_, h) => [
        `${org}-h${h}`,
        { name: hostName(org, h), firstSeenAt: AUDITED_AT },
      ]),
    );
    await firestoreOrgAudits(db).put({
      org,
      snapshot: { takenAt: AUDITED_AT, baselineAt: AUDITED_AT, hosts },
      failureStreak: null,
      findings: [],
      lastRoundAt: AUDITED_AT,
      lastAuditedAt: AUDITED_AT,
      billable: HOSTS_PER_ORG,
    });
  });
}

/** Median wall time of `runs` runs, in ms, and the last run's result. */
export async function timed<T>(run: () => Promise<T>, runs = RUNS): Promise<{ ms: number; result: T }> {
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  if (result === undefined) throw new Error('no run');
  return { ms: times[Math.floor(runs / 2)] ?? Number.NaN, result };
}

/**
 * `hosts search` (the search function the CLI runs, in-process) over 1,000 orgs x 100 hosts in the audit's
 * host index of the Firestore emulator. The baseline reads the same documents (orgs and hostIndex) without
 * matching anything. One search names a single host (the common case: one org's router inventory read);
 * the other matches a host in every org, so every org's router inventory is read too.
 */
/**
 * A fresh emulator and client for one benchmark, both ended when it is done; in this process unless
 * `start` runs it in one of its own.
 */
export async function withEmulatorDb<T>(
  projectId: string,
  run: (db: Firestore) => Promise<T>,
  start: (port: number) => Promise<RunningFirestoreEmulator> = startFirestoreEmulator,
): Promise<T> {
  const emulator = await start(0);
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  const db = new Firestore({ projectId });
  try {
    return await run(db);
  } finally {
    await db.terminate();
    await emulator.stop();
  }
}

export function hostsSearchBenchmark(): Promise<string[]> {
  return withEmulatorDb(PROJECT, async (db) => {
    await seedOrgsWithHosts(db);
    // Unmeasured: the first read also opens the client's channel.
    await firestoreOrgs(db).list();
    const baseline = await timed(() =>
      Promise.all([firestoreOrgAudits(db).listSnapshots(), firestoreOrgs(db).list()]),
    );
    const needle = hostName(orgName(500), 17);
    const [states, orgs] = baseline.result;
    const names = orgs.map((o) => o.name);
    const matching = await timed(async () => snapshotHitsByOrg(states, names, hostPatternOf(needle)));
    const one = await timed(() => searchHosts(db, { pattern: needle }));
    const broad = await timed(() => searchHosts(db, { pattern: 'db-07.*' }));
    const ms = (value: number) => `${Math.round(value)} ms`;
    return [
      `hosts search: ${ORGS} orgs x ${HOSTS_PER_ORG} hosts in the audit's host index (hostIndex), Firestore emulator, in-process, median of ${RUNS} (${new Date().toISOString()})`,
      `  baseline, reading the same documents without searching: ${ms(baseline.ms)}`,
      `  search "${needle}": ${ms(one.ms)} (${one.result.hits.length} hit, ${one.result.routerInventories} router inventory read); search / baseline: ${(one.ms / baseline.ms).toFixed(2)}x`,
      `  of which matching ${states.length * HOSTS_PER_ORG} names in memory: ${matching.ms.toFixed(1)} ms; the rest is reading 1,000 documents`,
      `  search "db-07.*": ${ms(broad.ms)} (${broad.result.hits.length} hits, ${broad.result.routerInventories} router inventories read)`,
      `hosts search < 1 s: ${one.ms < 1000 ? 'met' : 'NOT met'}; matching alone < 1 s: ${matching.ms < 1000 ? 'met' : 'NOT met'}`,
    ];
  });
}
