/**
 * Bundles each deployed function into dist/functions/<name>/ (index.js + package.json), the folder
 * Cloud Functions gets as its source and the local stack serves with the functions framework.
 * npm packages stay external: Cloud Build installs them from the generated package.json.
 */

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { FUNCTIONS } from '../shared/kernel/topology';
import { runScript } from './script-main';

const root = join(__dirname, '..');
const outRoot = join(root, 'dist', 'functions');
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  engines: Record<string, string>;
};

async function main(): Promise<void> {
  const folders = readdirSync(join(root, 'functions'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const declared = FUNCTIONS.map((f) => f.name).sort();
  if (folders.join() !== declared.join()) {
    throw new Error(
      `functions/ folders (${folders.join(', ')}) differ from the topology (${declared.join(', ')})`,
    );
  }
  rmSync(outRoot, { recursive: true, force: true });
  for (const fn of FUNCTIONS) {
    const outDir = join(outRoot, fn.name);
    mkdirSync(outDir, { recursive: true });
    await build({
      entryPoints: [join(root, 'functions', fn.name, 'index.ts')],
      outfile: join(outDir, 'index.js'),
      bundle: true,
      platform: 'node',
      // The oldest Node that runs these bundles: production is nodejs22 (infra/functions.tf), but the local
      // stack and CI run them on Node 20 (package.json engines: >=20 <23). node20 and node22 give
      // byte-identical bundles today; node22 would let newer syntax through that Node 20 cannot run.
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      sourcemap: 'linked',
      logLevel: 'warning',
    });
    const manifest = {
      name: `msp-ops-${fn.name}`,
      private: true,
      main: 'index.js',
      engines: rootPackage.engines,
      dependencies: rootPackage.dependencies,
    };
    writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  process.stdout.write(`built ${FUNCTIONS.length} functions into dist/functions\n`);
}

runScript(main);
