import { readFileSync } from 'node:fs';
import { generatedApiKey, generateSeed } from '../local/mackerel/generate-seed';
import { createLogger } from '../shared/kernel/log/logger';
import { TOPICS } from '../shared/kernel/topology';
import { MackerelApiClient } from '../shared/mackerel/api/mackerel-api-client';
import { firestoreOrgs } from '../shared/orgs/adapters/firestore-orgs';
import { COLLECTIONS } from '../shared/platform/firestore/firestore-collections';
import { startFunctionOnTopic } from './function-on-topic';
import { startOrgApiBackends } from './org-api-backends';

const PROJECT = 'audit-bench';
const LATENCY_MS = 50;
/** Pushes in flight to the one function process: one gen2 instance's concurrency (infra/functions.tf). */
const IN_FLIGHT = 20;

/** Peak (VmHWM) or current (VmRSS) resident set of a process, in MB, from /proc. */
function rssMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Math.round(Number(line?.replace(/\D+/g, '') ?? 0) / 1024);
}

/** The same three calls per org straight from this process, at the same concurrency: the floor. */
async function rawCalls(baseUrl: string, orgs: readonly string[]): Promise<number> {
  const started = Date.now();
  const queue = [...orgs];
  const worker = async () => {
    for (let org = queue.shift(); org !== undefined; org = queue.shift()) {
      const client = new MackerelApiClient({ apiKey: generatedApiKey(org), baseUrl });
      await client.getOrg();
      await Promise.all([client.listHosts(), client.listChannels()]);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return (Date.now() - started) / 1000;
}

/**
 * Issue 5's audit round: `orgs` orgs x `hosts` hosts behind the Mackerel stand-in answering after 50 ms,
 * every key read from the local Secret Manager, one org-audit function process fed by the local Pub/Sub
 * server (the hourly schedule, its fan-out, one push per org, 20 in flight). Wall time from the schedule
 * to the last org's stored state, and the function process's peak memory.
 */
export async function auditBenchmark(orgCount: number, hostsPerOrg: number): Promise<string[]> {
  const logger = createLogger({}, () => {});
  const seed = generateSeed({ orgs: orgCount, hostsPerOrg, latencyMs: LATENCY_MS });
  const orgs = seed.orgs.map((o) => o.name);
  const backends = await startOrgApiBackends(PROJECT, seed, logger);
  const { mackerel } = backends;
  const {
    fn,
    db,
    pubsub: client,
    stop,
  } = await startFunctionOnTopic({
    project: PROJECT,
    backends,
    name: 'org-audit',
    topic: TOPICS.auditRequests,
    inFlight: IN_FLIGHT,
    env: {
      AUDIT_WEBHOOK_URL_PREFIX: 'https://intake.example/hooks/mackerel/',
      AUDIT_MAIL_TO: 'ops@msp.example',
      // As deployed (infra/functions.tf): a heap sized for a 256 MB instance.
      NODE_OPTIONS: process.env.BENCH_AUDIT_NODE_OPTIONS ?? '--max-old-space-size=128',
    },
    logger,
  });
  try {
    const directory = firestoreOrgs(db);
    const createdAt = new Date().toISOString();
    for (let i = 0; i < orgs.length; i += 100) {
      await Promise.all(
        orgs.slice(i, i + 100).map((name) =>
          directory.upsert({
            name,
            displayName: name,
            enabled: true,
            language: 'en',
            contacts: [],
            declaredNetworks: [],
            memo: '',
            hostQuota: { warn: hostsPerOrg, max: hostsPerOrg + 10 },
            createdAt,
          }),
        ),
      );
    }
    const floor = await rawCalls(mackerel.baseUrl, orgs);
    const idle = fn.pid === undefined ? Number.NaN : rssMb(fn.pid, 'VmRSS');
    const startedAt = Date.now();
    await client.topic(TOPICS.auditRequests).publishMessage({ json: { reason: 'schedule' } });
    let done = 0;
    while (Date.now() - startedAt < 600_000) {
      const states = await db.collection(COLLECTIONS.orgAudits).select('lastAuditedAt').get();
      done = states.docs.filter((d) => (d.get('lastAuditedAt') ?? 0) * 1000 >= startedAt - 1000).length;
      if (done >= orgs.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const wall = (Date.now() - startedAt) / 1000;
    const peak = fn.pid === undefined ? Number.NaN : rssMb(fn.pid, 'VmHWM');
    return [
      `audit round: ${orgs.length} orgs x ${hostsPerOrg} hosts, stand-in latency ${LATENCY_MS} ms, ${IN_FLIGHT} pushes in flight (${new Date().toISOString()})`,
      `  orgs audited: ${done}/${orgs.length} in ${wall.toFixed(1)} s (schedule -> last org's state stored)`,
      `  baseline, the same API calls from one process at the same concurrency: ${floor.toFixed(1)} s; round / baseline: ${(wall / floor).toFixed(2)}x`,
      `  org-audit process peak RSS: ${peak} MB (${idle} MB started and idle, before the round)`,
      `audit round <= 60 s: ${wall <= 60 && done >= orgs.length ? 'met' : 'NOT met'}; peak memory <= 256 MB: ${peak <= 256 ? 'met' : 'NOT met'}`,
    ];
  } finally {
    await stop();
    await backends.stop();
  }
}
