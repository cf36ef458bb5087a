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
      const reads = firestoreConsoleReads(db);
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
      const assertion = await signer.sign(email);
      const page = async (path: string) => {
        const response = await app.fetch(
          new Request(`http://console.bench${path}`, { headers: { 'x-goog-iap-jwt-assertion': assertion } }),
        );
        const text = await response.text();
        if (response.status !== 200) throw new Error(`${path}: ${response.status} ${text.slice(0, 200)}`);
        return text.length;
      };
      await page('/now'); // unmeasured: opens the client's channel
      const nowReads = await timed(async () => {
        const names = (await reads.orgs()).map((o) => o.name);
        const [states] = await Promise.all([reads.openAlerts(names), reads.pendingDigests()]);
        return states.length;
      }, RUNS);
      const nowPage = await timed(() => page('/now'), RUNS);
      const hostReads = await timed(async () => {
        const [, , search] = await Promise.all([
          reads.orgs(),
          reads.audits(),
          reads.searchHosts({ pattern: 'db-07.*' }),
        ]);
        return search.hits.length;
      }, RUNS);
      const hostsPage = await timed(() => page('/hosts?q=db-07.*'), RUNS);
      const verdict = (value: number) => (value <= 300 ? 'met' : 'NOT met');
      return [
        `console render: ${ORGS} orgs, ${ORGS * 100} hosts (audit host index), ${nowReads.result} open alerts, Firestore emulator in its own process, in-process app.fetch with the IAP assertion verified, median of ${RUNS} (${new Date().toISOString()}; seeding took ${Math.round(seedMs / 1000)} s)`,
        `  Now: reads only ${ms(nowReads.ms)}; page ${ms(nowPage.ms)} (${Math.round(nowPage.result / 1024)} KiB of HTML); page / reads ${(nowPage.ms / nowReads.ms).toFixed(2)}x`,
        `  Hosts "db-07.*": reads only ${ms(hostReads.ms)} (${hostReads.result} hits); page ${ms(hostsPage.ms)} (${Math.round(hostsPage.result / 1024)} KiB); page / reads ${(hostsPage.ms / hostReads.ms).toFixed(2)}x`,
        `console pages p50 <= 300 ms: Now ${verdict(nowPage.ms)}, Hosts ${verdict(hostsPage.ms)}`,
      ];
    },
    // The emulator in a process of its own, as Firestore is another machine in production: the page's
    // rendering and the database's query work do not share one thread.
    startFirestoreEmulatorProcess,
  );
}
