import { readFile } from 'node:fs/promises';
import { UsageError } from './cli-errors';

/** A file named on the command line; one that cannot be read is the caller's fault (exit 2). */
export async function readInputFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
