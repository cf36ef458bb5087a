import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import { startFirestoreEmulator } from '../local/firestore/firestore-emulator';
import { freePort } from '../local/free-port';
import { startFunctionProcess } from '../local/functions/function-process';
import { LocalPubSubServer } from '../local/pubsub/local-pubsub-server';
import { ALL_TOPICS } from '../shared/kernel/topology';
import { firestoreWebhookTokens } from '../shared/orgs/adapters/firestore-webhook-tokens';
import { hashWebhookToken } from '../shared/orgs/webhook-token';
import { BENCH_DIST, buildBenchCode } from './build-bench-code';
import { formatRow, type LoadResult, runLoad } from './load';

const root = join(__dirname, '..');
const PROJECT = 'bench-local';
const TOKEN = 'bench-token-0123456789abcdef';

/**
 * Intake under load beside a no-op functions-framework function, both served the same way (framework
 * CLI in a child process) on the same machine in the same run, so the ratio is meaningful.
 */
export async function intakeBenchmark(durationSeconds: number): Promise<string[]> {
  const firestore = await startFirestoreEmulator(0);
  process.env.FIRESTORE_EMULATOR_HOST = firestore.host;
  const db = new Firestore({ projectId: PROJECT });
  await firestoreWebhookTokens(db).register(hashWebhookToken(TOKEN), {
    org: 'bench',
    createdAt: new Date().toISOString(),
  });
  const pubsub = new LocalPubSubServer({
    projectId: PROJECT,
    port: 0,
    topics: ALL_TOPICS,
    subscriptions: [],
  });
  const pubsubPort = await pubsub.start();

  const noopDir = join(BENCH_DIST, 'noop');
  await buildBenchCode({ 'noop/index': join(__dirname, 'noop-function', 'index.ts') });
  const env = {
    GOOGLE_CLOUD_PROJECT: PROJECT,
    FIRESTORE_EMULATOR_HOST: firestore.host,
    PUBSUB_EMULATOR_HOST: `127.0.0.1:${pubsubPort}`,
    METADATA_SERVER_DETECTION: 'none',
  };
  const quiet = () => {};
  const [intake, noop] = await Promise.all([
    startFunctionProcess({
      name: 'intake',
      entryPoint: 'intake',
      source: join(root, 'dist', 'functions', 'intake'),
      port: await freePort(),
      env,
      onLine: quiet,
    }),
    startFunctionProcess({
      name: 'noop',
      entryPoint: 'noop',
      source: noopDir,
      port: await freePort(),
      env,
      onLine: quiet,
    }),
  ]);

  const fixture = JSON.parse(
    readFileSync(join(root, 'local', 'examples', 'demo-alert-critical.json'), 'utf8'),
  ) as Record<string, unknown>;
  const body = JSON.stringify({ ...fixture, orgName: 'bench' });
  const intakeUrl = `${intake.url}/hooks/mackerel/${TOKEN}`;
  const results: LoadResult[] = [];
  try {
    const probe = await fetch(intakeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (probe.status !== 204)
      throw new Error(`intake answered ${probe.status} to the probe: ${await probe.text()}`);
    // Warm both (JIT, connection pools, token cache) before measuring.
    await runLoad({ label: 'warm-up', url: noop.url, body, durationSeconds: 2, connections: 16 });
    await runLoad({ label: 'warm-up', url: intakeUrl, body, durationSeconds: 2, connections: 16 });

    // Enough connections that both are CPU-bound rather than waiting on batched publishes.
    const saturate = { durationSeconds, connections: 64 };
    const noopMax = await runLoad({
      label: 'no-op function, saturated',
      url: noop.url,
      body,
      pid: noop.pid,
      ...saturate,
    });
    const intakeMax = await runLoad({
      label: 'intake, saturated',
      url: intakeUrl,
      body,
      pid: intake.pid,
      ...saturate,
    });
    const steady = { durationSeconds, connections: 16, overallRate: 300 };
    const noopSteady = await runLoad({
      label: 'no-op function, 300 req/s',
      url: noop.url,
      body,
      pid: noop.pid,
      ...steady,
    });
    const intakeSteady = await runLoad({
      label: 'intake, 300 req/s',
      url: intakeUrl,
      body,
      pid: intake.pid,
      ...steady,
    });
    results.push(noopMax, intakeMax, noopSteady, intakeSteady);

    const published = pubsub.publishedTo('mackerel-events').length;
    const accepted = intakeMax.total - intakeMax.non2xx + intakeSteady.total - intakeSteady.non2xx;
    const ratio = intakeMax.requestsPerSecond / noopMax.requestsPerSecond;
    return [
      `intake benchmark (${durationSeconds} s per run, ${new Date().toISOString()})`,
      ...results.map(formatRow),
      `intake events published to mackerel-events: ${published} (accepted 204 during measured runs: ${accepted})`,
      ...(intakeMax.cpuMsPerRequest && noopMax.cpuMsPerRequest
        ? [
            `intake / no-op CPU per request (saturated): ${(intakeMax.cpuMsPerRequest / noopMax.cpuMsPerRequest).toFixed(2)}x`,
          ]
        : []),
      `intake / no-op throughput ratio: ${ratio.toFixed(2)} (target >= 0.70: ${ratio >= 0.7 ? 'met' : 'NOT met'})`,
      `intake p99 at 300 req/s: ${intakeSteady.p99Ms.toFixed(1)} ms (target <= 50 ms: ${intakeSteady.p99Ms <= 50 ? 'met' : 'NOT met'})`,
    ];
  } finally {
    await Promise.all([intake.stop(), noop.stop()]);
    await pubsub.stop();
    await db.terminate();
    firestore.stop();
  }
}
