import { ConfigError } from '../shared/kernel/config/load-config';
import { auditBenchmark } from './audit-bench';
import { benchSettings } from './bench-settings';
import { consoleRenderBenchmark } from './console-render-bench';
import { e2eLatencyBenchmark } from './e2e-latency-bench';
import { hostsSearchBenchmark } from './hosts-search-bench';
import { intakeBenchmark } from './intake-bench';
import { monitorsDiffBenchmark } from './monitors-diff-bench';
import { probesBenchmark } from './probes-bench';
import { pushCostBenchmark } from './push-cost-bench';
import { stormBenchmark } from './storm-bench';

/** `npm run bench`: prints figures and ratios against baselines measured in the same run. */
async function main(): Promise<void> {
  // No metadata server here: keep the client libraries from probing for one.
  process.env.METADATA_SERVER_DETECTION = 'none';
  const settings = benchSettings();
  const lines: string[] = [];
  const part = (figures: string[]) => lines.push(...(lines.length > 0 ? [''] : []), ...figures);
  if (settings.BENCH_DURATION_SECONDS > 0) part(await intakeBenchmark(settings.BENCH_DURATION_SECONDS));
  if (settings.BENCH_PUSH_COST_EVENTS > 0) part(await pushCostBenchmark(settings.BENCH_PUSH_COST_EVENTS));
  if (settings.BENCH_E2E_EVENTS > 0) part(await e2eLatencyBenchmark(settings.BENCH_E2E_EVENTS));
  if (settings.BENCH_AUDIT_ORGS > 0) part(await auditBenchmark(settings.BENCH_AUDIT_ORGS, 100));
  if (settings.BENCH_HOSTS_SEARCH === 1) part(await hostsSearchBenchmark());
  if (settings.BENCH_CONSOLE === 1) part(await consoleRenderBenchmark());
  if (settings.BENCH_MONITORS_ORGS > 0) part(await monitorsDiffBenchmark(settings.BENCH_MONITORS_ORGS, 30));
  if (settings.BENCH_STORM_EVENTS > 0) part(await stormBenchmark(settings.BENCH_STORM_EVENTS));
  if (settings.BENCH_PROBE_ORGS > 0) part(await probesBenchmark(settings.BENCH_PROBE_ORGS, 20));
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  // A bad setting is one line; anything else keeps its stack, for whoever debugs the bench.
  const text =
    error instanceof ConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`${text}\n`);
  process.exit(1);
});
