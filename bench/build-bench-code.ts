import { join } from 'node:path';
import { build } from 'esbuild';

/** Where benchmark-only code is bundled: dist/bench/<name>.js. */
export const BENCH_DIST = join(__dirname, '..', 'dist', 'bench');

/**
 * Bundles benchmark-only entry points (the no-op functions, the call counter) like the functions
 * themselves (scripts/build-functions.ts): CommonJS for Node 20, npm packages left external.
 */
export async function buildBenchCode(entryPoints: Record<string, string>): Promise<void> {
  await build({
    entryPoints,
    outdir: BENCH_DIST,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
}
