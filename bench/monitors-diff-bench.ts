import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import type { StandinSeed } from '../local/mackerel/standin-seed';
import { createLogger } from '../shared/kernel/log/logger';
import { mapLimited } from '../shared/kernel/map-limited';
import { MONITOR_DEFAULTS } from '../shared/mackerel/api/monitor-spec';
import { readTemplateFolder } from '../shared/monitors/adapters/read-template-folder';
import { parseTemplateFolder } from '../shared/monitors/templates/parse-template-folder';
import { renderOrg } from '../shared/monitors/templates/render-org';
import { seedBenchOrgs } from './bench-orgs';
import { startOrgApiBackends } from './org-api-backends';

const PROJECT = 'monitors-bench';
const LATENCY_MS = 50;
/** One org in ten has a threshold changed by hand: the diff must find exactly those. */
const DRIFT_EVERY = 10;
/** The one-org-at-a-time baseline is timed on this many orgs and scaled up (it would take minutes). */
const BASELINE_ORGS = 50;
const BIN = join(__dirname, '..', 'bin', 'msp-ops.js');

const orgName = (i: number) => `mon-${String(i).padStart(4, '0')}`;
const keyOf = (org: string) => `bench-key-${org}-0123456789`;

/** One set of `count` host monitors, each with its own metric and a parameterised threshold. */
function benchSet(count: number): string {
  const monitors = Array.from(
    { length: count },
    (_, i) => `  - type: host
    name: metric ${i}
    metric: custom.bench.m${i}
    operator: ">"
    warning: "{{ params.warning }}"
    critical: ${90 + (i % 10)}
    duration: ${1 + (i % 10)}
    scopes: [shop]
    memo: "Runbook: https://rb.example/{{ org.name }}/${i}"`,
  );
  return `set: bench\nparams:\n  warning: 80\nmonitors:\n${monitors.join('\n')}\n`;
}

interface CliResult {
  code: number | null;
  stdout: string;
  ms: number;
}

function runCli(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env } });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), ms: performance.now() - started }),
    );
  });
}

const changedOrgs = (stdout: string): number => {
  const report = JSON.parse(stdout) as {
    orgs: Array<{ counts?: { update: number; create: number } | null }>;
  };
  return report.orgs.filter((o) => (o.counts?.update ?? 0) + (o.counts?.create ?? 0) > 0).length;
};

/**
 * `msp-ops monitors diff --all` as CI runs it: one CLI process over `orgCount` orgs x `perOrg` monitors,
 * each org read through its own key (local Secret Manager) from the Mackerel stand-in answering after
 * 50 ms. Beside it, the same diff one org at a time (what one `mkr` run per org amounts to, without mkr's
 * own start-up), timed on 50 orgs and scaled to all of them.
 */
export async function monitorsDiffBenchmark(orgCount: number, perOrg: number): Promise<string[]> {
  const logger = createLogger({}, () => {});
  const dir = await mkdtemp(join(tmpdir(), 'monitors-bench-'));
  await mkdir(join(dir, 'monitors', 'sets'), { recursive: true });
  await writeFile(join(dir, 'monitors', 'sets', 'bench.yaml'), benchSet(perOrg));
  const folder = parseTemplateFolder(await readTemplateFolder(join(dir, 'monitors')));
  const orgs = Array.from({ length: orgCount }, (_, i) => orgName(i));
  // The server holds what the templates render (ids and defaults as Mackerel answers), a few hand-edited.
  const seed: StandinSeed = {
    orgs: orgs.map((org, i) => {
      const rendered = renderOrg(folder, { name: org });
      if (!rendered.ok)
        throw new Error(`bench templates do not render: ${JSON.stringify(rendered.errors[0])}`);
      return {
        name: org,
        displayName: org,
        apiKey: keyOf(org),
        latencyMs: LATENCY_MS,
        hosts: [],
        alerts: [],
        channels: [],
        monitors: rendered.monitors.map(({ spec }, m) => ({
          id: `${org}-m${m}`,
          ...MONITOR_DEFAULTS[spec.type],
          ...spec,
          ...(i % DRIFT_EVERY === 0 && m === 0 ? { warning: 99 } : {}),
        })),
      };
    }),
  } as StandinSeed;
  const backends = await startOrgApiBackends(PROJECT, seed, logger);
  const { firestore, mackerel, secretsPort } = backends;
  Object.assign(process.env, { FIRESTORE_EMULATOR_HOST: firestore.host, METADATA_SERVER_DETECTION: 'none' });
  const db = new Firestore({ projectId: PROJECT });
  try {
    await mapLimited(orgs, 32, (org) => seedBenchOrgs(db, [org], 300));
    const env = {
      GOOGLE_CLOUD_PROJECT: PROJECT,
      FIRESTORE_EMULATOR_HOST: firestore.host,
      SECRET_MANAGER_LOCAL_ENDPOINT: `127.0.0.1:${secretsPort}`,
      MACKEREL_API_BASE_URL: mackerel.baseUrl,
      METADATA_SERVER_DETECTION: 'none',
    };
    const diff = (extra: readonly string[]) =>
      runCli(['monitors', 'diff', '--dir', join(dir, 'monitors'), '--json', ...extra], env);
    const all = await diff(['--all']);
    if (all.code !== 0) throw new Error(`monitors diff --all exited ${all.code}`);
    const found = changedOrgs(all.stdout);
    const expected = Math.ceil(orgCount / DRIFT_EVERY);
    const sample = orgs.slice(0, BASELINE_ORGS);
    const one = await diff([...sample.flatMap((org) => ['--org', org]), '--concurrency', '1']);
    if (one.code !== 0) throw new Error(`monitors diff (one at a time) exited ${one.code}`);
    const sequentialMs = (one.ms / sample.length) * orgCount;
    const s = (ms: number) => (ms / 1000).toFixed(1);
    return [
      `Monitors diff: ${orgCount} orgs x ${perOrg} monitors, Mackerel answering after ${LATENCY_MS} ms, keys from Secret Manager`,
      `  monitors diff --all (16 orgs in flight): ${s(all.ms)} s wall, ${(all.ms / orgCount).toFixed(1)} ms per org (target <= 60 s)`,
      `  drift found: ${found} orgs with changes (expected ${expected})${found === expected ? '' : '  MISMATCH'}`,
      `  baseline, one org at a time: ${s(one.ms)} s for ${sample.length} orgs -> ${s(sequentialMs)} s for ${orgCount}`,
      `  ratio: ${(sequentialMs / all.ms).toFixed(1)}x faster than one org at a time`,
    ];
  } finally {
    await db.terminate();
    await backends.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
