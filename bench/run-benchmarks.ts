import { envInt } from '../shared/kernel/config/env-fields';
import { auditBenchmark } from './audit-bench';
import { e2eLatencyBenchmark } from './e2e-latency-bench';
import { hostsSearchBenchmark } from './hosts-search-bench';
import { intakeBenchmark } from './intake-bench';
import { stormBenchmark } from './storm-bench';

/** `npm run bench`: prints figures and ratios against baselines measured in the same run. */
async function main(): Promise<void> {
  // No metadata server here: keep the client libraries from probing for one.
  process.env.METADATA_SERVER_DETECTION = 'none';
  const durationSeconds = envInt(1, 600).default(10).parse(process.env.BENCH_DURATION_SECONDS);
  const e2eEvents = envInt(1, 5000).default(200).parse(process.env.BENCH_E2E_EVENTS);
  const stormEvents = envInt(0, 100_000).default(10_000).parse(process.env.BENCH_STORM_EVENTS);
  const lines = [...(await intakeBenchmark(durationSeconds)), '', ...(await e2eLatencyBenchmark(e2eEvents))];
  const auditOrgs = envInt(0, 10_000).default(1000).parse(process.env.BENCH_AUDIT_ORGS);
  if (auditOrgs > 0) lines.push('', ...(await auditBenchmark(auditOrgs, 100)));
  if (envInt(0, 1).default(1).parse(process.env.BENCH_HOSTS_SEARCH) === 1) {
    lines.push('', ...(await hostsSearchBenchmark()));
  }
  if (stormEvents > 0) lines.push('', ...(await stormBenchmark(stormEvents)));
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
