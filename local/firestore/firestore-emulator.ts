import { FirestoreServer } from '@firestore-emulator/server';
import { freePort } from '../free-port';

export interface RunningFirestoreEmulator {
  /** host:port, the value for FIRESTORE_EMULATOR_HOST. */
  host: string;
  stop(): void;
}

/** The npm Firestore emulator (no Java, no gcloud); the real @google-cloud/firestore client talks to it. */
export async function startFirestoreEmulator(port: number): Promise<RunningFirestoreEmulator> {
  const actualPort = port === 0 ? await freePort() : port;
  const server = new FirestoreServer();
  await server.start(actualPort);
  return { host: `127.0.0.1:${actualPort}`, stop: () => server.stop() };
}
