import { Firestore } from '@google-cloud/firestore';
import { z } from 'zod';
import {
  type RunningFirestoreEmulator,
  startFirestoreEmulator,
} from '../../local/firestore/firestore-emulator';
import { SendgridStandin } from '../../local/sendgrid/sendgrid-standin';
import { createLogger } from '../../shared/kernel/log/logger';
import type { PushEnvelope } from '../../shared/platform/pubsub/push-envelope';
import { type FunctionUnderTest, startFunctionUnderTest } from './function-under-test';

export const MAILER_PROJECT = 'test-project';
export const FROM_ADDRESS = 'alerts@msp-ops.example';
/** Looks like a real key, so tests can assert that it never shows up in logs. */
export const TEST_API_KEY = 'SG.test-only-key.0123456789abcdefghij';

export interface MailerBackends {
  firestore: RunningFirestoreEmulator;
  sendgrid: SendgridStandin;
  /** The test's own client, on the same emulator. */
  db: Firestore;
  /** What the mailer and the dead-letter recorder need to reach these backends. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** The npm Firestore emulator and the SendGrid stand-in, each on an ephemeral port. */
export async function startMailerBackends(): Promise<MailerBackends> {
  const firestore = await startFirestoreEmulator(0);
  const sendgrid = new SendgridStandin({ port: 0, logger: createLogger({}, () => {}) });
  await sendgrid.start();
  // The client switches to the emulator (no credentials) only through this variable; no metadata server here.
  Object.assign(process.env, { FIRESTORE_EMULATOR_HOST: firestore.host, METADATA_SERVER_DETECTION: 'none' });
  const db = new Firestore({ projectId: MAILER_PROJECT });
  const env = {
    GOOGLE_CLOUD_PROJECT: MAILER_PROJECT,
    FIRESTORE_EMULATOR_HOST: firestore.host,
    METADATA_SERVER_DETECTION: 'none',
    SENDGRID_API_BASE_URL: sendgrid.baseUrl,
    SENDGRID_API_KEY: TEST_API_KEY,
    SENDGRID_TIMEOUT_MS: '5000',
    CHAT_TIMEOUT_MS: '5000',
    MAILER_LEASE_SECONDS: '10',
    MAIL_FROM_ADDRESS: FROM_ADDRESS,
    MAIL_FROM_NAME: 'MSP Ops (test)',
  };
  return {
    firestore,
    sendgrid,
    db,
    env,
    async stop() {
      await db.terminate();
      await sendgrid.stop();
      firestore.stop();
    },
  };
}

export function startMailer(env: Record<string, string>): Promise<FunctionUnderTest> {
  return startFunctionUnderTest('mailer', 'mailer', env);
}

export function startDeadLetterRecorder(env: Record<string, string>): Promise<FunctionUnderTest> {
  return startFunctionUnderTest('dead-letter-recorder', 'deadLetterRecorder', env);
}

/** A push body as Pub/Sub posts it, carrying `data` as JSON. */
export function pushEnvelope(
  data: unknown,
  options: {
    messageId: string;
    attributes?: Record<string, string>;
    subscription: string;
    deliveryAttempt?: number;
  },
): PushEnvelope {
  return {
    message: {
      data: Buffer.from(JSON.stringify(data)).toString('base64'),
      ...(options.attributes && { attributes: options.attributes }),
      messageId: options.messageId,
      publishTime: new Date().toISOString(),
    },
    subscription: `projects/${MAILER_PROJECT}/subscriptions/${options.subscription}`,
    deliveryAttempt: options.deliveryAttempt ?? 1,
  };
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const logLineSchema = z.record(z.string(), z.unknown());

/** The function's JSON log lines (other output skipped). */
export function logEntries(fn: FunctionUnderTest): Array<Record<string, unknown>> {
  return fn.lines.flatMap((line) => {
    try {
      const parsed = logLineSchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

/** Polls until `check` returns a value (not undefined), or fails after the timeout. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
