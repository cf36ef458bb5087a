import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import {
  type RunningFirestoreEmulator,
  startFirestoreEmulator,
} from '../../local/firestore/firestore-emulator';
import { LocalPubSubServer } from '../../local/pubsub/local-pubsub-server';
import { LocalSecretManager } from '../../local/secrets/local-secret-manager';
import { createLogger } from '../../shared/kernel/log/logger';
import { ALL_TOPICS } from '../../shared/kernel/topology';
import { firestoreOrgs } from '../../shared/orgs/adapters/firestore-orgs';

const BIN = join(__dirname, '..', '..', 'bin', 'msp-ops.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  stdin?: string;
  /** Added to (or, with undefined, removed from) the backends' environment. */
  env?: Record<string, string | undefined>;
}

/** The local services the CLI talks to, started in this process, and a way to run `msp-ops` against them. */
export interface CliBackends {
  project: string;
  /** The variables an operator sets locally. */
  env: Record<string, string>;
  db: Firestore;
  pubsub: LocalPubSubServer;
  secrets: LocalSecretManager;
  run(args: readonly string[], options?: CliRunOptions): Promise<CliRun>;
  /** Writes a minimal org record, as `org add` would. */
  addOrg(name: string, enabled?: boolean): Promise<void>;
  /** Runs with --json, fails unless it exits 0, and parses stdout (which must be one JSON document). */
  json(args: readonly string[], options?: CliRunOptions): Promise<unknown>;
  stop(): Promise<void>;
}

/** The Firestore emulator, the project's Pub/Sub server (every topic, no subscriptions) and Secret Manager. */
export async function startCliBackends(project = 'cli-test-project'): Promise<CliBackends> {
  const logger = createLogger({}, () => {});
  const emulator: RunningFirestoreEmulator = await startFirestoreEmulator(0);
  const pubsub = new LocalPubSubServer({
    projectId: project,
    port: 0,
    topics: ALL_TOPICS,
    subscriptions: [],
    logger,
  });
  const secrets = new LocalSecretManager({ projectId: project, port: 0, logger });
  const [pubsubPort, secretsPort] = await Promise.all([pubsub.start(), secrets.start()]);
  const env = {
    GOOGLE_CLOUD_PROJECT: project,
    FIRESTORE_EMULATOR_HOST: emulator.host,
    PUBSUB_EMULATOR_HOST: `127.0.0.1:${pubsubPort}`,
    SECRET_MANAGER_LOCAL_ENDPOINT: `127.0.0.1:${secretsPort}`,
    METADATA_SERVER_DETECTION: 'none',
  };
  Object.assign(process.env, { FIRESTORE_EMULATOR_HOST: emulator.host, METADATA_SERVER_DETECTION: 'none' });
  const db = new Firestore({ projectId: project });

  // Asynchronous on purpose: the emulator answers from this process, so a synchronous spawn would deadlock.
  const run = (args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> =>
    new Promise((resolve, reject) => {
      const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
      for (const [key, value] of Object.entries(options.env ?? {})) {
        if (value === undefined) delete childEnv[key];
        else childEnv[key] = value;
      }
      const child = spawn(process.execPath, [BIN, ...args], { env: childEnv });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', reject);
      child.on('close', (code) =>
        resolve({
          code,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        }),
      );
      child.stdin.end(options.stdin ?? '');
    });

  return {
    project,
    env,
    db,
    pubsub,
    secrets,
    run,
    addOrg: (name, enabled = true) =>
      firestoreOrgs(db).upsert({
        name,
        displayName: name,
        enabled,
        language: 'en',
        contacts: [],
        declaredNetworks: [],
        memo: '',
        createdAt: '2026-01-01T00:00:00.000Z',
      }),
    async json(args, options) {
      const result = await run([...args, '--json'], options);
      if (result.code !== 0) {
        throw new Error(`msp-ops ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      }
      return JSON.parse(result.stdout);
    },
    async stop() {
      await db.terminate();
      await Promise.all([pubsub.stop(), secrets.stop()]);
      emulator.stop();
    },
  };
}
