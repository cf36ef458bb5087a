import { request } from 'node:http';
import type { PubSub } from '@google-cloud/pubsub';
import { generateSeed } from '../local/mackerel/generate-seed';
import { ProbeTargetStandin } from '../local/probes/target-standin';
import { createLogger } from '../shared/kernel/log/logger';
import { mapLimited } from '../shared/kernel/map-limited';
import { TOPICS } from '../shared/kernel/topology';
import { firestoreOrgs } from '../shared/orgs/adapters/firestore-orgs';
import { orgRecordSchema } from '../shared/orgs/org-record';
import { firestoreProbeDefinitions } from '../shared/probes/adapters/firestore-probe-definitions';
import { firestoreProbeRounds } from '../shared/probes/adapters/firestore-probe-rounds';
import { orgProbesSchema } from '../shared/probes/org-probes';
import type { ProbeRoundRecord } from '../shared/probes/probe-round-record';
import { startFunctionOnTopic } from './function-on-topic';
import { startOrgApiBackends } from './org-api-backends';
import { percentile } from './percentile';
import { processCpuMs } from './process-cpu';

const PROJECT = 'probes-bench';
const TARGET_LATENCY_MS = 50;
/** Messages in flight to the one function process: the instance's concurrency (infra/functions.tf). */
const INSTANCE_CONCURRENCY = 32;
/** Probes in flight per message (PROBE_CONCURRENCY's default). */
const PROBE_CONCURRENCY = 50;
const MINUTE_MS = 60_000;

/** One GET on a fresh connection, as a probe makes it: the plain-process baseline. */
function plainGet(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
}

async function baseline(urls: readonly string[], inFlight: number): Promise<number> {
  const started = performance.now();
  await mapLimited(urls, inFlight, plainGet);
  return (performance.now() - started) / 1000;
}

async function untilNextMinute(): Promise<number> {
  const next = Math.ceil((Date.now() + 1000) / MINUTE_MS) * MINUTE_MS;
  await new Promise((r) => setTimeout(r, next - Date.now() + 200));
  return next;
}

interface RoundFigures {
  done: number;
  probes: number;
  /** From the minute to the last chunk's end of probing. */
  finishedMs: number;
  lateP50: number;
  lateP99: number;
  lateMax: number;
  probesPerSecond: number;
  failed: number;
  /** CPU the function process and this process (stand-ins, emulator, Pub/Sub) used in the round. */
  functionCpuMs: number;
  standinCpuMs: number;
}

async function runRound(
  pubsub: PubSub,
  records: () => Promise<ProbeRoundRecord[]>,
  orgs: number,
  functionPid: number | undefined,
): Promise<RoundFigures> {
  const roundMs = await untilNextMinute();
  const cpuBefore = processCpuMs(functionPid) ?? Number.NaN;
  const ownBefore = process.cpuUsage();
  await pubsub.topic(TOPICS.probeRequests).publishMessage({ json: { reason: 'schedule' } });
  let current: ProbeRoundRecord[] = [];
  while (Date.now() - roundMs < 3 * MINUTE_MS) {
    current = (await records()).filter((r) => r.roundAt * 1000 === roundMs);
    if (current.length >= orgs) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const functionCpuMs = (processCpuMs(functionPid) ?? Number.NaN) - cpuBefore;
  const own = process.cpuUsage(ownBefore);
  const late = current.map((r) => r.startedAtMs - roundMs);
  const ends = current.map((r) => r.startedAtMs + r.elapsedMs);
  const firstStart = Math.min(...current.map((r) => r.startedAtMs));
  const probes = current.reduce((n, r) => n + r.targets, 0);
  const finishedMs = Math.max(...ends) - roundMs;
  return {
    done: current.length,
    probes,
    finishedMs,
    lateP50: percentile(late, 50),
    lateP99: percentile(late, 99),
    lateMax: Math.max(...late),
    probesPerSecond: probes / ((Math.max(...ends) - firstStart) / 1000),
    failed: current.reduce((n, r) => n + r.failed, 0),
    functionCpuMs,
    standinCpuMs: (own.user + own.system) / 1000,
  };
}

/** Medians of each chunk's phases, from the function's "probe chunk posted" log lines. */
function phaseText(lines: readonly string[]): string {
  const phases = lines.flatMap((line) => {
    const parsed: unknown = JSON.parse(line);
    const p = typeof parsed === 'object' && parsed !== null && 'phasesMs' in parsed ? parsed.phasesMs : null;
    return p && typeof p === 'object' ? [p as Record<string, number>] : [];
  });
  const median = (key: string) =>
    percentile(
      phases.map((p) => p[key] ?? Number.NaN),
      50,
    );
  return `per chunk, median ms: prepare (reads, hosts, targets) ${median('prepare')}, probes ${median('probes')}, post ${median('post')}, record ${median('write')}`;
}

const roundLine = (name: string, f: RoundFigures, orgs: number) =>
  `  ${name}: ${f.done}/${orgs} orgs, ${f.probes} probes (${f.failed} failed), last probe done ${(f.finishedMs / 1000).toFixed(1)} s after the minute; ${Math.round(f.probesPerSecond)} probes/s; chunk start after the minute p50 ${(f.lateP50 / 1000).toFixed(2)} s, p99 ${(f.lateP99 / 1000).toFixed(2)} s, max ${(f.lateMax / 1000).toFixed(2)} s; CPU: function ${(f.functionCpuMs / 1000).toFixed(1)} s (${((f.functionCpuMs * 1000) / Math.max(1, f.probes)).toFixed(0)} us/probe), stand-ins and emulators ${(f.standinCpuMs / 1000).toFixed(1)} s`;

/**
 * Issue 19: `orgs` orgs x `probesPerOrg` HTTP probes (one definition over each org's hosts) against the
 * local target answering after 50 ms, one probe function process fed by the local Pub/Sub server (the
 * one-minute schedule, its fan-out, 32 messages in flight as one instance), results posted to the
 * Mackerel stand-in. Two rounds on consecutive minutes: the first fetches every org's hosts, the second
 * reuses them (as every round within PROBE_HOSTS_MAX_AGE_MS does). Beside it, the same GETs (fresh
 * connection each) from one plain process at the same concurrency.
 */
export async function probesBenchmark(orgCount: number, probesPerOrg: number): Promise<string[]> {
  const logger = createLogger({}, () => {});
  const seed = generateSeed({ orgs: orgCount, hostsPerOrg: probesPerOrg, latencyMs: TARGET_LATENCY_MS });
  for (const org of seed.orgs) for (const host of org.hosts ?? []) host.status = 'working';
  const backends = await startOrgApiBackends(PROJECT, seed, logger);
  const { mackerel } = backends;
  const targets = new ProbeTargetStandin({ https: false, logger });
  await targets.start();
  targets.setTarget('bench', { latencyMs: TARGET_LATENCY_MS });
  const phaseLines: string[] = [];
  const { fn, db, pubsub, stop } = await startFunctionOnTopic({
    project: PROJECT,
    backends,
    name: 'probe',
    topic: TOPICS.probeRequests,
    inFlight: INSTANCE_CONCURRENCY,
    env: { PROBE_ALLOW_LOOPBACK: 'true', PROBE_CONCURRENCY: String(PROBE_CONCURRENCY) },
    onLine: (_name, line) => {
      if (line.includes('"probe chunk posted"')) phaseLines.push(line);
    },
    logger,
  });
  try {
    const directory = firestoreOrgs(db);
    const definitions = firestoreProbeDefinitions(db);
    const probes = orgProbesSchema.parse({
      probes: [
        {
          id: 'health',
          kind: 'http',
          url: `${targets.httpUrl}/bench/{{host.name}}`,
          targets: { service: 'shop' },
        },
      ],
    });
    const createdAt = new Date().toISOString();
    await mapLimited(seed.orgs, 50, async ({ name }) => {
      await directory.upsert(
        // Contacts, declared networks and memo as the schema defaults them.
        orgRecordSchema.parse({
          name,
          displayName: name,
          enabled: true,
          language: 'en',
          hostQuota: { warn: probesPerOrg, max: probesPerOrg + 10 },
          createdAt,
        }),
      );
      await definitions.put(name, probes);
    });
    const urls = seed.orgs.flatMap((o) => (o.hosts ?? []).map((h) => `${targets.httpUrl}/bench/${h.name}`));
    const plain = await baseline(urls, INSTANCE_CONCURRENCY * PROBE_CONCURRENCY);
    const rounds = firestoreProbeRounds(db);
    const list = () => rounds.list();
    const cold = await runRound(pubsub, list, orgCount, fn.pid);
    const coldLines = phaseLines.splice(0);
    const warm = await runRound(pubsub, list, orgCount, fn.pid);
    const posted = Object.values(seed.orgs).reduce((n, o) => n + mackerel.org(o.name).hostMetrics.length, 0);
    const plainRate = urls.length / plain;
    const within = (f: RoundFigures) => f.done >= orgCount && f.finishedMs < MINUTE_MS;
    return [
      `probe rounds: ${orgCount} orgs x ${probesPerOrg} HTTP probes, targets answering after ${TARGET_LATENCY_MS} ms, one function process (${INSTANCE_CONCURRENCY} messages x ${PROBE_CONCURRENCY} probes in flight) (${new Date().toISOString()})`,
      roundLine("first round (fetches every org's hosts)", cold, orgCount),
      `    ${phaseText(coldLines)}`,
      roundLine('next round (hosts reused)', warm, orgCount),
      `    ${phaseText(phaseLines)}`,
      `  host metric points posted to the Mackerel stand-in: ${posted}`,
      `  baseline, the same ${urls.length} GETs (fresh connection each) from one plain process, ${INSTANCE_CONCURRENCY * PROBE_CONCURRENCY} in flight: ${plain.toFixed(1)} s, ${Math.round(plainRate)} requests/s; function probes/s / baseline: ${(warm.probesPerSecond / plainRate).toFixed(2)}x`,
      `every round finishes within its minute: ${within(cold) && within(warm) ? 'met' : 'NOT met'}`,
    ];
  } finally {
    await stop();
    await targets.stop();
    await backends.stop();
  }
}
