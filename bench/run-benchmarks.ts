import { envInt } from '../shared/config/env-fields';
import { intakeBenchmark } from './intake-bench';

/** `npm run bench`: prints figures and ratios against baselines measured in the same run. */
async function main(): Promise<void> {
  const durationSeconds = envInt(1, 600).default(10).parse(process.env.BENCH_DURATION_SECONDS);
  const lines = await intakeBenchmark(durationSeconds);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
