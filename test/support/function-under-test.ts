import { join } from 'node:path';
import { freePort } from '../../local/free-port';
import { type RunningFunction, startFunctionProcess } from '../../local/functions/function-process';
import { REPO_ROOT } from './repo-root';

const root = REPO_ROOT;

export interface FunctionUnderTest extends RunningFunction {
  /** Every line the function wrote (its JSON logs and anything else). */
  lines: string[];
}

/**
 * Runs a function from its TypeScript source under the real functions framework CLI, in its own
 * process (as in production), so its clients, config loading and logs are its own.
 */
export async function startFunctionUnderTest(
  name: string,
  entryPoint: string,
  env: Record<string, string>,
): Promise<FunctionUnderTest> {
  const lines: string[] = [];
  const running = await startFunctionProcess({
    name,
    entryPoint,
    source: join(root, 'functions', name, 'index.ts'),
    nodeArgs: ['--import', 'tsx'],
    port: await freePort(),
    env,
    onLine: (_name, line) => lines.push(line),
  });
  return { ...running, lines };
}
