import type { Firestore } from '@google-cloud/firestore';
import {
  type RunningFirestoreEmulator,
  startFirestoreEmulator,
} from '../../local/firestore/firestore-emulator';
import { LocalPubSubServer, type LocalPushSubscription } from '../../local/pubsub/local-pubsub-server';
import { createLogger } from '../../shared/kernel/log/logger';
import { ALL_TOPICS, TOPICS } from '../../shared/kernel/topology';
import { PROJECT, useBackends } from './intake-env';

export interface FlowBackendOptions {
  /** Where `notifications` are pushed (a test receiver); unset: no subscription, published ones wait. */
  notificationsTo?: string;
}

/**
 * The real parts every `*-flow` integration test stands on: the npm Firestore emulator and the local
 * Pub/Sub server (every topic, fast backoff), with the emulator variables set for this process and the
 * function processes it starts.
 */
export interface FlowBackends {
  /** The test's own Firestore client. */
  db: Firestore;
  /** The Pub/Sub server now running (what was published, whenIdle). */
  readonly pubsub: LocalPubSubServer;
  pubsubPort: number;
  /** Pub/Sub down (for tests of a publish that fails) ... */
  stopPubSub(): Promise<void>;
  /** ... and back, on the same port. */
  restartPubSub(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFlowBackends(options: FlowBackendOptions = {}): Promise<FlowBackends> {
  const firestore: RunningFirestoreEmulator = await startFirestoreEmulator(0);
  const subscriptions: LocalPushSubscription[] = options.notificationsTo
    ? [
        {
          name: 'notifications--test',
          topic: TOPICS.notifications,
          pushEndpoint: options.notificationsTo,
          maxDeliveryAttempts: 5,
          minBackoffSeconds: 10,
          maxBackoffSeconds: 600,
          ackDeadlineSeconds: 60,
        },
      ]
    : [];
  const pubsubOn = (port: number) =>
    new LocalPubSubServer({
      projectId: PROJECT,
      port,
      topics: ALL_TOPICS,
      subscriptions,
      // Backoff 100 ms .. 6 s: redeliveries within a test's patience.
      timeScale: 0.01,
      logger: createLogger({}, () => {}),
    });
  let pubsub = pubsubOn(0);
  const pubsubPort = await pubsub.start();
  const db = useBackends(firestore.host, pubsubPort);
  return {
    db,
    get pubsub() {
      return pubsub;
    },
    pubsubPort,
    stopPubSub: () => pubsub.stop(),
    async restartPubSub() {
      pubsub = pubsubOn(pubsubPort);
      await pubsub.start();
    },
    async stop() {
      await pubsub.stop();
      await db.terminate();
      firestore.stop();
    },
  };
}
