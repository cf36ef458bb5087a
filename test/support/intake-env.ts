import { Firestore } from '@google-cloud/firestore';
import {
  type RunningFirestoreEmulator,
  startFirestoreEmulator,
} from '../../local/firestore/firestore-emulator';
import { LocalPubSubServer } from '../../local/pubsub/local-pubsub-server';
import { ALL_TOPICS, TOPICS } from '../../shared/kernel/topology';
import { firestoreWebhookTokens } from '../../shared/orgs/adapters/firestore-webhook-tokens';
import { hashWebhookToken } from '../../shared/orgs/webhook-token';

export const PROJECT = 'test-project';

/**
 * Real parts for intake tests: the npm Firestore emulator and the local Pub/Sub server, with a push
 * subscription on mackerel-events to `pushEndpoint`. Sets the emulator variables the real clients read.
 */
export async function startIntakeBackends(pushEndpoint: string, pubsubPort = 0) {
  const firestore = await startFirestoreEmulator(0);
  const pubsub = await startPubSub(pushEndpoint, pubsubPort);
  const db = useBackends(firestore.host, pubsub.port);
  return { firestore, pubsub, db };
}

/**
 * Points the real clients of this process (and of the function processes it starts, which inherit its
 * environment) at the local backends, and returns a Firestore client for the test's own reads and writes.
 */
export function useBackends(firestoreHost: string, pubsubPort: number): Firestore {
  Object.assign(process.env, {
    GOOGLE_CLOUD_PROJECT: PROJECT,
    FIRESTORE_EMULATOR_HOST: firestoreHost,
    PUBSUB_EMULATOR_HOST: `127.0.0.1:${pubsubPort}`,
    METADATA_SERVER_DETECTION: 'none',
  });
  return new Firestore({ projectId: PROJECT });
}

export async function startPubSub(pushEndpoint: string, port: number): Promise<LocalPubSubServer> {
  const pubsub = new LocalPubSubServer({
    projectId: PROJECT,
    port,
    topics: ALL_TOPICS,
    subscriptions: [
      {
        name: 'mackerel-events--test',
        topic: TOPICS.mackerelEvents,
        pushEndpoint,
        maxDeliveryAttempts: 5,
        minBackoffSeconds: 10,
        maxBackoffSeconds: 600,
        ackDeadlineSeconds: 600,
      },
    ],
    // Backoff 100 ms .. 6 s and a 6 s push deadline: fast, yet no spurious redeliveries under load.
    timeScale: 0.01,
  });
  await pubsub.start();
  return pubsub;
}

export async function registerToken(
  db: Firestore,
  org: string,
  token: string,
  revoked = false,
): Promise<void> {
  const now = new Date().toISOString();
  await firestoreWebhookTokens(db).register(hashWebhookToken(token), {
    org,
    createdAt: now,
    ...(revoked ? { revokedAt: now } : {}),
  });
}

export type { RunningFirestoreEmulator };
