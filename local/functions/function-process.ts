import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface FunctionProcessOptions {
  name: string;
  entryPoint: string;
  /** A built function folder, or (with nodeArgs ['--import', 'tsx']) a TypeScript entry file. */
  source: string;
  nodeArgs?: readonly string[];
  port: number;
  env: Record<string, string>;
  /** Receives each line the function writes (its JSON logs). */
  onLine: (name: string, line: string) => void;
}

export interface RunningFunction {
  name: string;
  url: string;
  pid: number | undefined;
  /** Resolves when the process exits, however it ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

const frameworkMain = join(dirname(require.resolve('@google-cloud/functions-framework')), 'main.js');
const exitWithParent = join(__dirname, 'exit-with-parent.cjs');

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Waits for the port to accept connections; an HTTP probe would invoke the function itself. */
async function waitForListen(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before listening`);
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`did not listen on port ${port} within ${timeoutMs} ms`);
}

/** Serves one built function with the functions framework CLI, exactly as Cloud Functions runs it. */
export async function startFunctionProcess(options: FunctionProcessOptions): Promise<RunningFunction> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      exitWithParent,
      ...(options.nodeArgs ?? []),
      frameworkMain,
      `--target=${options.entryPoint}`,
      `--source=${options.source}`,
      `--port=${options.port}`,
      '--signature-type=http',
    ],
    {
      env: { ...process.env, ...options.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  // If this process exits without stopping its functions, they must not linger holding their ports (if
  // it is killed outright, exit-with-parent.cjs ends them when the IPC channel closes).
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  child.once('exit', () => process.removeListener('exit', killChild));
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => options.onLine(options.name, line));
  }
  const url = `http://127.0.0.1:${options.port}`;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  try {
    await waitForListen(options.port, child, 20_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`function ${options.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    name: options.name,
    url,
    pid: child.pid,
    exited,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
