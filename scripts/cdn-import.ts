/**
 * `npm run cdn:import -- <file.csv> --contract <id>`
 * Imports transfer volume from a CSV into a CDN contract's hourly history (cdnContracts/{id}/hours), with the
 * contract's CSV mapping, or the header `hour_start_utc,bytes` for a polled contract, and prints the JST
 * month totals in the contract's unit. Works against the emulator (FIRESTORE_EMULATOR_HOST) or a real
 * project (GOOGLE_CLOUD_PROJECT with Application Default Credentials).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { importSummaryLines } from '../cli/cdn-import-summary';
import { firestoreCdnContracts } from '../shared/cdn/adapters/firestore-cdn-contracts';
import { firestoreCdnHours } from '../shared/cdn/adapters/firestore-cdn-hours';
import { cdnContractSchema } from '../shared/cdn/model/contract-schema';
import { importUsageCsv } from '../shared/cdn/watch/import-usage';
import { gcpProject } from '../shared/kernel/config/env-fields';
import { createFirestore } from '../shared/platform/firestore/firestore-client';

const USAGE = 'usage: npm run cdn:import -- <file.csv> --contract <id>';

/** Bad command line: say how it is used. */
class UsageError extends Error {}

const argsSchema = z.object({
  file: z.string().min(1),
  contract: cdnContractSchema.shape.id,
});

function parseCommandLine(): z.infer<typeof argsSchema> {
  let parsed: ReturnType<
    typeof parseArgs<{ options: { contract: { type: 'string' } }; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ options: { contract: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError(`expected one CSV file, got ${parsed.positionals.length}`);
  }
  const args = argsSchema.safeParse({ file: parsed.positionals[0], contract: parsed.values.contract });
  if (!args.success) {
    const issue = args.error.issues[0];
    const name = issue?.path[0] === 'contract' ? '--contract' : 'file';
    throw new UsageError(`${name}: ${issue?.input === undefined ? 'missing' : issue.message}`);
  }
  return args.data;
}

async function main(): Promise<void> {
  const args = parseCommandLine();
  let text: string;
  try {
    text = await readFile(args.file, 'utf8');
  } catch (error) {
    const code = z.object({ code: z.string() }).safeParse(error);
    throw new Error(`cannot read ${args.file}: ${code.success ? code.data.code : String(error)}`);
  }
  const project = gcpProject.parse(process.env.GOOGLE_CLOUD_PROJECT ?? 'demo-local');
  const db = createFirestore(project);
  try {
    const deps = { contracts: firestoreCdnContracts(db), hours: firestoreCdnHours(db) };
    const result = await importUsageCsv(deps, args.contract, text);
    process.stdout.write(`${importSummaryLines(args.contract, result).join('\n')}\n`);
  } finally {
    await db.terminate();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`cdn:import failed: ${message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
