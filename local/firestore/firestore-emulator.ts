import { fork } from 'node:child_process';
import { join } from 'node:path';
import { FirestoreServer } from '@firestore-emulator/server';
import { setAutoFreeze } from 'immer';
import { z } from 'zod';
import { freePort } from '../free-port';

const readyMessageSchema = z.object({ host: z.string() });

export interface RunningFirestoreEmulator {
  /** host:port, the value for FIRESTORE_EMULATOR_HOST. */
  host: string;
  stop(): void;
}

/** The npm Firestore emulator (no Java, no gcloud); the real @google-cloud/firestore client talks to it. */
export async function startFirestoreEmulator(port: number): Promise<RunningFirestoreEmulator> {
  // The emulator keeps its state with immer, which by default deep-freezes every new state: over a
  // collection of thousands of documents that costs more than the write itself, and nothing needs it.
  setAutoFreeze(false);
  const actualPort = port === 0 ? await freePort() : port;
  const server = new FirestoreServer();
  await server.start(actualPort);
  return { host: `127.0.0.1:${actualPort}`, stop: () => server.stop() };
}

/**
 * The emulator in a child process, for the local stack: the stack's own process also runs the Pub/Sub
 * server and the stand-ins, and under load (the storm benchmark) one core is not enough for both. The
 * child stops when this process disconnects from it, however this process ends.
 */
export async function startFirestoreEmulatorProcess(port: number): Promise<RunningFirestoreEmulator> {
  const child = fork(join(__dirname, 'firestore-emulator-main.ts'), [String(port)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const host = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: unknown) => {
      const parsed = readyMessageSchema.safeParse(message);
      if (parsed.success) resolve(parsed.data.host);
      else reject(new Error('the Firestore emulator process sent an unexpected message'));
    });
    child.once('exit', (code) =>
      reject(new Error(`the Firestore emulator process exited with code ${code}`)),
    );
  });
  return {
    host,
    stop: () => {
      if (child.connected) child.disconnect();
    },
  };
}
