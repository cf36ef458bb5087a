import type { Firestore } from '@google-cloud/firestore';
import { createLocalJWKSet } from 'jose';
import { startFirestoreEmulatorProcess } from '../local/firestore/firestore-emulator';
import { createLocalIapSigner } from '../local/iap/local-iap-signer';
import { firestoreAlertStates } from '../shared/alerting/adapters/firestore-alert-states';
import type { AlertState } from '../shared/alerting/router/alert-state';
import { firestoreConsoleUsers } from '../shared/console/auth/adapters/firestore-console-users';
import { IAP_ISSUER } from '../shared/console/auth/iap-identity';
import { consoleApp } from '../shared/console/http/console-app';
import { firestoreConsoleReads } from '../shared/console/read/adapters/firestore-console-reads';
import type { ConsoleReads, ConsoleWrites } from '../shared/console/read/console-reads';
import { HOST_ROWS_SHOWN } from '../shared/console/views/host-filters';
import { NOW_ALERT_LIMIT } from '../shared/console/views/now-view';
import { createLogger } from '../shared/kernel/log/logger';
import { mapLimited } from '../shared/kernel/map-limited';
import { orgName, seedOrgsWithHosts, timed, withEmulatorDb } from './hosts-search-bench';

const PROJECT = 'console-render-bench';
const ORGS = 1000;
const OPEN_ALERTS_PER_ORG = 10;
const RUNS = 7;
const AUDIENCE = '/projects/0/global/backendServices/bench';
const STATUSES = ['critical', 'warning', 'unknown'] as const;

function openAlert(org: string, n: number, openedAt: number): AlertState {
  const at = new Date(openedAt * 1000).toISOString();
  const alertId = `${org}-a${n}`;
  return {
    version: 1,
    org,
    kind: 'alert',
    alertId,
    status: STATUSES[n % STATUSES.length] ?? 'critical',
    isOpen: true,
    eventTimeSeconds: openedAt,
    openedAt,
    closedAt: null,
    type: 'host',
    monitorName: `monitor ${n % 4}`,
    target: `web-${String(n).padStart(2, '0')}.${org}`,
    hostId: `${org}-h${n}`,
    hostName: `web-${String(n).padStart(2, '0')}.${org}`,
    display: null,
    routing: null,
    lastDedupKey: `k-${alertId}`,
    lastTransition: 'opened',
    lastReceivedAt: at,
    updatedAt: at,
    notifiedRoutes: {},
    lastNotifiedAt: null,
    suppression: null,
    outbox: {},
  };
}

async function seedOpenAlerts(db: Firestore): Promise<void> {
  const states = firestoreAlertStates(db);
  const base = Math.floor(Date.now() / 1000) - 86_400;
  await mapLimited(
    Array.from({ length: ORGS }, (_, i) => orgName(i)),
    32,
    async (org) => {
      for (let n = 0; n < OPEN_ALERTS_PER_ORG; n++) {
        await states.put(
          org,
          { kind: 'alert', id: `${org}-a${n}` },
          openAlert(org, n, base + n * 60),
          undefined,
        );
      }
    },
  );
}

const ms = (value: number) => `${Math.round(value)} ms`;

/**
 * The console's Now and Hosts pages rendered by the console's own app (in-process, the IAP assertion
 * checked, Firestore emulator) over 1,000 orgs, 100,000 hosts in the audit's host index and 10,000 open
 * alerts; beside each, the same reads without rendering. Target: p50 <= 300 ms per page.
 */
export function consoleRenderBenchmark(): Promise<string[]> {
  return withEmulatorDb(
    PROJECT,
    async (db) => {
      const seedStarted = performance.now();
      await seedOrgsWithHosts(db);
      await seedOpenAlerts(db);
      const seedMs = performance.now() - seedStarted;
      const email = 'bench@msp.example';
      await firestoreConsoleUsers(db).put({
        email,
        role: 'viewer',
        grantedBy: 'bench',
        grantedAt: new Date().toISOString(),
      });
      const signer = await createLocalIapSigner(AUDIENCE);
      const assertion = await signer.sign(email);
      // Cold: every request reads everything (an instance's first request, or past the cache time).
      // Warm: the console's own cache of the per-org lists (CONSOLE_CACHE_SECONDS, 30 s by default).
      const cold = firestoreConsoleReads(db, 0);
      const warm = firestoreConsoleReads(db, 30_000);
      const pageOf = (reads: ConsoleReads & ConsoleWrites) => {
        const app = consoleApp({
          reads,
          users: firestoreConsoleUsers(db),
          iapKeys: createLocalJWKSet(signer.jwks),
          iap: { audience: AUDIENCE, issuer: IAP_ISSUER },
          csrfKey: async () => Buffer.alloc(32, 7),
          logger: createLogger({}, () => {}),
          now: () => new Date(),
          settings: { origin: 'http://console.bench', mackerelBaseUrl: 'https://mackerel.io' },
          assets: { htmx: '' },
        });
        return async (path: string) => {
          const response = await app.fetch(
            new Request(`http://console.bench${path}`, {
              headers: { 'x-goog-iap-jwt-assertion': assertion },
            }),
          );
          const text = await response.text();
          if (response.status !== 200) throw new Error(`${path}: ${response.status} ${text.slice(0, 200)}`);
          return text.length;
        };
      };
      const coldPage = pageOf(cold);
      const warmPage = pageOf(warm);
      await coldPage('/now'); // unmeasured: opens the client's channel
      const nowReads = await timed(async () => {
        const [, listing] = await Promise.all([
          cold.orgs(),
          cold.openAlertPage({ limit: NOW_ALERT_LIMIT }),
          cold.pendingDigests(),
        ]);
        return Object.values(listing.counts).reduce((sum, n) => sum + n, 0);
      }, RUNS);
      // What Now read before the open-alert index: every org's open states, org by org.
      const perOrgReads = await timed(
        async () => (await cold.openAlerts((await cold.orgs()).map((o) => o.name))).length,
        RUNS,
      );
      const nowCold = await timed(() => coldPage('/now'), RUNS);
      const nowWarm = await timed(() => warmPage('/now'), RUNS);
      const hostReads = await timed(async () => {
        const [, , search] = await Promise.all([
          cold.orgs(),
          cold.audits(),
          cold.searchHosts({ pattern: 'db-07.*', limit: HOST_ROWS_SHOWN }),
        ]);
        return search.matched;
      }, RUNS);
      const hostsCold = await timed(() => coldPage('/hosts?q=db-07.*'), RUNS);
      const hostsWarm = await timed(() => warmPage('/hosts?q=db-07.*'), RUNS);
      const verdict = (value: number) => (value <= 300 ? 'met' : 'NOT met');
      const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;
      return [
        `console render: ${ORGS} orgs, ${ORGS * 100} hosts (audit host index), ${nowReads.result} open alerts, Firestore emulator in its own process, in-process app.fetch with the IAP assertion verified, median of ${RUNS} (${new Date().toISOString()}; seeding took ${Math.round(seedMs / 1000)} s)`,
        `  Now: reads only ${ms(nowReads.ms)} (the ${NOW_ALERT_LIMIT} newest from the open-alert index, counts of all, the org list); page cold ${ms(nowCold.ms)}, warm ${ms(nowWarm.ms)} (${kib(nowWarm.result)} of HTML); cold page / reads ${(nowCold.ms / nowReads.ms).toFixed(2)}x`,
        `  Now without the index (every org's open states, org by org, ${perOrgReads.result} states): reads ${ms(perOrgReads.ms)}; index reads / these ${(nowReads.ms / perOrgReads.ms).toFixed(2)}x`,
        `  Hosts "db-07.*": reads only ${ms(hostReads.ms)} (${hostReads.result} hits, the first ${HOST_ROWS_SHOWN} with their router status); page cold ${ms(hostsCold.ms)}, warm ${ms(hostsWarm.ms)} (${kib(hostsWarm.result)}); cold page / reads ${(hostsCold.ms / hostReads.ms).toFixed(2)}x`,
        `console pages p50 <= 300 ms: Now cold ${verdict(nowCold.ms)}, warm ${verdict(nowWarm.ms)}; Hosts cold ${verdict(hostsCold.ms)}, warm ${verdict(hostsWarm.ms)}`,
      ];
    },
    // The emulator in a process of its own, as Firestore is another machine in production: the page's
    // rendering and the database's query work do not share one thread.
    startFirestoreEmulatorProcess,
  );
}
