import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import { PubSub } from '@google-cloud/pubsub';
import { freePort } from '../local/free-port';
import { type RunningFunction, startFunctionProcess } from '../local/functions/function-process';
import { LocalPubSubServer } from '../local/pubsub/local-pubsub-server';
import type { Logger } from '../shared/kernel/log/logger';
import { ALL_TOPICS, FUNCTIONS, PUSH_SUBSCRIPTIONS, type TopicName } from '../shared/kernel/topology';
import { backendsEnv, type OrgApiBackends } from './org-api-backends';

export interface FunctionOnTopic {
  fn: RunningFunction;
  /** This process's clients of the same emulator and Pub/Sub server. */
  db: Firestore;
  pubsub: PubSub;
  stop(): Promise<void>;
}

export interface FunctionOnTopicOptions {
  project: string;
  backends: OrgApiBackends;
  /** The built function (dist/functions/<name>) and the topic its push subscription reads. */
  name: string;
  topic: TopicName;
  /** Pushes in flight to the one process: one instance's concurrency (infra/functions.tf). */
  inFlight: number;
  env: Record<string, string>;
  onLine?: (name: string, line: string) => void;
  logger: Logger;
}

/** One function process fed by its own local Pub/Sub server, as one gen2 instance behind a push subscription. */
export async function startFunctionOnTopic(options: FunctionOnTopicOptions): Promise<FunctionOnTopic> {
  const { project, backends, name, topic } = options;
  const spec = FUNCTIONS.find((f) => f.name === name);
  if (spec === undefined) throw new Error(`no function ${name} in the topology`);
  const functionPort = await freePort();
  const server = new LocalPubSubServer({
    projectId: project,
    port: 0,
    topics: ALL_TOPICS,
    subscriptions: PUSH_SUBSCRIPTIONS.filter((s) => s.topic === topic && s.functionName === name).map(
      (s) => ({
        ...s,
        pushEndpoint: `http://127.0.0.1:${functionPort}/`,
      }),
    ),
    maxInFlightPerSubscription: options.inFlight,
    logger: options.logger,
  });
  const pubsubPort = await server.start();
  Object.assign(process.env, {
    FIRESTORE_EMULATOR_HOST: backends.firestore.host,
    METADATA_SERVER_DETECTION: 'none',
  });
  const db = new Firestore({ projectId: project });
  const pubsub = new PubSub({
    projectId: project,
    apiEndpoint: `127.0.0.1:${pubsubPort}`,
    emulatorMode: true,
  });
  const fn = await startFunctionProcess({
    name,
    entryPoint: spec.entryPoint,
    source: join(__dirname, '..', 'dist', 'functions', name),
    port: functionPort,
    env: { ...backendsEnv(project, backends, pubsubPort), ...options.env },
    onLine: options.onLine ?? (() => {}),
  });
  return {
    fn,
    db,
    pubsub,
    async stop() {
      await fn.stop();
      await pubsub.close();
      await db.terminate();
      await server.stop();
    },
  };
}
