import type { Firestore } from '@google-cloud/firestore';
import {
  type RunningFirestoreEmulator,
  startFirestoreEmulator,
} from '../../local/firestore/firestore-emulator';
import { LocalPubSubServer } from '../../local/pubsub/local-pubsub-server';
import { createLogger } from '../../shared/kernel/log/logger';
import { ALL_TOPICS } from '../../shared/kernel/topology';
import { PROJECT, useBackends } from './intake-env';

export interface QuietIntakeBackends {
  firestore: RunningFirestoreEmulator;
  pubsub: LocalPubSubServer;
  db: Firestore;
  stop(): Promise<void>;
}

/**
 * Like startIntakeBackends, for tests that send thousands of requests: the local Pub/Sub server keeps
 * every published message (publishedTo) but has no push subscription and logs nothing, so a long run
 * does not print a line per message. Sets the emulator variables the real clients (and child processes) read.
 */
export async function startQuietIntakeBackends(): Promise<QuietIntakeBackends> {
  const firestore = await startFirestoreEmulator(0);
  const pubsub = new LocalPubSubServer({
    projectId: PROJECT,
    port: 0,
    topics: ALL_TOPICS,
    subscriptions: [],
    logger: createLogger({}, () => {}),
  });
  await pubsub.start();
  const db = useBackends(firestore.host, pubsub.port);
  return {
    firestore,
    pubsub,
    db,
    async stop() {
      await pubsub.stop();
      await db.terminate();
      firestore.stop();
    },
  };
}
