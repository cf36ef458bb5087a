import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { freePort } from '../../local/free-port';
import { REPO_ROOT } from './repo-root';

const root = REPO_ROOT;
const frameworkMain = join(dirname(require.resolve('@google-cloud/functions-framework')), 'main.js');

export interface FunctionExit {
  /** Exit code; null when killed by a signal (or by the timeout below). */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the process was still running after the timeout and had to be killed. */
  timedOut: boolean;
  /** Everything it wrote to stdout and stderr. */
  output: string;
}

/**
 * Starts a function from its TypeScript source under the real functions framework CLI, as
 * startFunctionUnderTest does, but for a start that is expected to fail: waits until the process exits
 * and its output streams close, and returns the exit status and output. An env value of undefined
 * removes that variable from the inherited environment.
 */
export async function runFunctionUntilExit(
  name: string,
  entryPoint: string,
  env: Record<string, string | undefined>,
  timeoutMs = 20_000,
): Promise<FunctionExit> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      frameworkMain,
      `--target=${entryPoint}`,
      `--source=${join(root, 'functions', name, 'index.ts')}`,
      `--port=${await freePort()}`,
      '--signature-type=http',
    ],
    { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  child.stderr.on('data', (c: Buffer) => chunks.push(c));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  // 'close' (unlike 'exit') fires only after stdout and stderr have ended, so the output is complete.
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('close', (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  return { code, signal, timedOut, output: Buffer.concat(chunks).toString('utf8') };
}
