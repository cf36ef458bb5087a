import type { Firestore } from '@google-cloud/firestore';
import type { MessagePublisher } from '../shared/kernel/ports/message-publisher';
import type { SecretReader } from '../shared/kernel/ports/secret-reader';
import { createFirestore } from '../shared/platform/firestore/firestore-client';
import type { SecretWriter } from '../shared/platform/secrets/secret-manager-secret-writer';
import { type CliEnv, cliEnvOf, requireSameMode } from './cli-env';

/** Where an invocation reads and writes; the process's streams, or buffers in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  stdin: NodeJS.ReadStream;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdin: process.stdin,
};

/** One publish: an operator waits for it, and Pub/Sub normally answers in milliseconds. */
const PUBLISH_TIMEOUT_MS = 10_000;

/**
 * The clients one invocation uses, each created on first use (so `--help` and bad arguments touch no
 * service and need no environment), all closed by close() so the process can end on its own. The Pub/Sub
 * and Secret Manager libraries are loaded only by the commands that use them (each adds ~0.4 s to start), with
 * require(): the TypeScript hook bin/msp-ops.js installs covers require, not import().
 */
export class CliSession {
  private parsedEnv: CliEnv | undefined;
  private db: Firestore | undefined;
  private pubsub: (MessagePublisher & { close(): Promise<void> }) | undefined;
  private secrets: SecretWriter | undefined;
  private reader: (SecretReader & { close(): Promise<void> }) | undefined;

  constructor(
    private readonly processEnv: NodeJS.ProcessEnv,
    readonly io: CliIo = processIo,
    readonly now: () => Date = () => new Date(),
  ) {}

  env(): CliEnv {
    if (this.parsedEnv === undefined) {
      this.parsedEnv = cliEnvOf(this.processEnv);
      // Against the emulators there is no metadata server to find; the client libraries would look for one.
      if (this.parsedEnv.local) this.processEnv.METADATA_SERVER_DETECTION ??= 'none';
    }
    return this.parsedEnv;
  }

  firestore(): Firestore {
    this.db ??= createFirestore(this.env().project);
    return this.db;
  }

  publisher(): MessagePublisher {
    if (this.pubsub === undefined) {
      const env = this.env();
      requireSameMode(env, 'PUBSUB_EMULATOR_HOST', env.pubsubHost);
      const {
        pubSubPublisher,
      }: typeof import('../shared/platform/pubsub/pubsub-publisher') = require('../shared/platform/pubsub/pubsub-publisher');
      this.pubsub = pubSubPublisher({ projectId: env.project, timeoutMs: PUBLISH_TIMEOUT_MS });
    }
    return this.pubsub;
  }

  secretWriter(): SecretWriter {
    if (this.secrets === undefined) {
      const env = this.env();
      requireSameMode(env, 'SECRET_MANAGER_LOCAL_ENDPOINT', env.secretManagerEndpoint);
      const {
        SecretManagerSecretWriter,
        secretManagerClientOptions,
      }: typeof import('../shared/platform/secrets/secret-manager-secret-writer') = require('../shared/platform/secrets/secret-manager-secret-writer');
      this.secrets = new SecretManagerSecretWriter({
        projectId: env.project,
        clientOptions: secretManagerClientOptions(env.secretManagerEndpoint),
      });
    }
    return this.secrets;
  }

  /** Used to check that a secret a route names has a value; the value itself is not shown. */
  secretReader(): SecretReader {
    if (this.reader === undefined) {
      const env = this.env();
      requireSameMode(env, 'SECRET_MANAGER_LOCAL_ENDPOINT', env.secretManagerEndpoint);
      const {
        SecretManagerSecretReader,
      }: typeof import('../shared/platform/secrets/secret-manager-secret-reader') = require('../shared/platform/secrets/secret-manager-secret-reader');
      const {
        secretManagerClientOptions,
      }: typeof import('../shared/platform/secrets/secret-manager-secret-writer') = require('../shared/platform/secrets/secret-manager-secret-writer');
      const clientOptions = secretManagerClientOptions(env.secretManagerEndpoint);
      this.reader = new SecretManagerSecretReader({
        projectId: env.project,
        ...(clientOptions ? { clientOptions } : {}),
      });
    }
    return this.reader;
  }

  async close(): Promise<void> {
    await Promise.allSettled([
      this.db?.terminate(),
      this.pubsub?.close(),
      this.secrets?.close(),
      this.reader?.close(),
    ]);
  }
}
