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

/** A JSON file named on the command line, parsed (not yet validated); unreadable or not JSON: exit 2. */
export async function readJsonFile(path: string): Promise<unknown> {
  const text = await readInputFile(path);
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not JSON`);
  }
}
