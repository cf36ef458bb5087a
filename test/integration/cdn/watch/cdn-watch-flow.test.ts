import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Firestore } from '@google-cloud/firestore';
import { CdnStandin, DEFAULT_STANDIN_TOKENS } from '../../../../local/cdn/cdn-standin';
import { LocalSecretManager } from '../../../../local/secrets/local-secret-manager';
import { firestoreCdnContracts } from '../../../../shared/cdn/adapters/firestore-cdn-contracts';
import { firestoreCdnHours } from '../../../../shared/cdn/adapters/firestore-cdn-hours';
import type { CdnContractDocument } from '../../../../shared/cdn/model/contract-schema';
import { hourStartUtcOf } from '../../../../shared/cdn/model/hourly-bucket';
import type { CdnPollRequestInput } from '../../../../shared/cdn/watch/cdn-poll-request';
import { createLogger } from '../../../../shared/kernel/log/logger';
import { HOUR_MS, jstMonthBounds } from '../../../../shared/kernel/time/jst-calendar';
import { TOPICS } from '../../../../shared/kernel/topology';
import {
  type NotificationMessage,
  notificationMessageSchema,
} from '../../../../shared/notify/message/notification-message';
import { COLLECTIONS } from '../../../../shared/platform/firestore/firestore-collections';
import { type FlowBackends, startFlowBackends } from '../../../support/flow-backends';
import { type FunctionUnderTest, startFunctionUnderTest } from '../../../support/function-under-test';
import { PROJECT } from '../../../support/intake-env';
import { type PushReceiver, pushData, startPushReceiver } from '../../../support/push-receiver';
import { REPO_ROOT } from '../../../support/repo-root';

/**
 * functions/cdn-usage from source under the functions framework, in its own process, against the npm
 * Firestore emulator, the local Pub/Sub server, the local Secret Manager and the CDN stand-in (Fastly API).
 * Finance mails reach a test receiver through a push subscription on notifications, as they reach the mailer.
 */

const root = REPO_ROOT;
const silent = createLogger({}, () => {});
/** 12:20 JST on 2025-04-20: the stand-in's clock and the run's data time. */
const RUN_AT = new Date('2025-04-20T03:20:00Z');
const SERVICE_ID = 'itCdnService';
const GB = 1e9;

const watched: CdnContractDocument = {
  id: 'it-cdn',
  displayName: 'Integration CDN',
  provider: 'fastly',
  source: { kind: 'fastly', serviceId: SERVICE_ID, tokenSecret: 'cdn-fastly-token' },
  committed: { amount: 50, unit: 'TB' },
  monthlyFeeYen: 1_000_000,
  overage: { yenPerUnit: 30, unit: 'GB' },
  financeRecipients: { to: ['finance@msp.example'] },
  language: 'en',
  // One crossing (P50 at ~144% of the commit), confirmed by its first run.
  thresholds: { earlyWarning: false, confirmRuns: 1 },
};

let backends: FlowBackends;
let secrets: LocalSecretManager;
let standin: CdnStandin;
let receiver: PushReceiver;
let db: Firestore;
let fn: FunctionUnderTest;

before(async () => {
  receiver = await startPushReceiver();
  backends = await startFlowBackends({ notificationsTo: receiver.url });
  db = backends.db;
  secrets = new LocalSecretManager({
    projectId: PROJECT,
    port: 0,
    secrets: { 'cdn-fastly-token': DEFAULT_STANDIN_TOKENS.fastly },
    logger: silent,
  });
  const secretsPort = await secrets.start();
  standin = new CdnStandin({ port: 0, now: () => RUN_AT.getTime(), logger: silent });
  await standin.start();
  // 100 GB an hour since February: 72 TB in April, so the 50 TB commit is crossed at P50.
  const hours = [];
  for (let h = Date.parse('2025-02-01T00:00:00Z'); h < RUN_AT.getTime(); h += HOUR_MS) {
    hours.push({ hourStartUtc: hourStartUtcOf(new Date(h)), bytes: 100 * GB });
  }
  standin.setTraffic(SERVICE_ID, hours);
  await firestoreCdnContracts(db).put(watched);
  fn = await startFunctionUnderTest('cdn-usage', 'cdnUsage', {
    CDN_FASTLY_BASE_URL: standin.baseUrl,
    SECRET_MANAGER_LOCAL_ENDPOINT: `127.0.0.1:${secretsPort}`,
    CDN_PUBLISH_TIMEOUT_MS: '2000',
    CDN_SOURCE_TIMEOUT_MS: '2000',
  });
});

after(async () => {
  await fn?.stop();
  await standin?.stop();
  await secrets?.stop();
  await receiver?.close();
  await backends?.stop();
});

/** Pushes a cdn-polls message to the function as Pub/Sub does, published at RUN_AT unless given. */
async function push(
  request: CdnPollRequestInput | Buffer,
  attributes: Record<string, string> = { correlationId: 'cdn-it' },
  publishTime = RUN_AT.toISOString(),
): Promise<void> {
  const data = Buffer.isBuffer(request) ? request : Buffer.from(JSON.stringify(request));
  const res = await fetch(`${fn.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: { data: data.toString('base64'), attributes, messageId: randomUUID(), publishTime },
      subscription: `projects/${PROJECT}/subscriptions/cdn-polls--cdn-usage`,
      deliveryAttempt: 1,
    }),
  });
  assert.equal(res.status, 200, `${await res.text()}\n${fn.lines.slice(-5).join('\n')}`);
}

async function financeMails(): Promise<NotificationMessage[]> {
  await backends.pubsub.whenIdle();
  return receiver.received.map((envelope) => notificationMessageSchema.parse(pushData(envelope)));
}

function runScript(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts', 'cdn-import.ts'), ...args],
      {
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('cdn-usage: commit watch end to end', () => {
  it('the hourly schedule fans out; the contract poll stores the hours and mails finance once', async () => {
    await push({ reason: 'schedule' });
    const fanned = backends.pubsub.publishedTo(TOPICS.cdnPolls);
    assert.equal(fanned.length, 1);
    const [contractMessage] = fanned;
    assert.ok(contractMessage);
    const runAt = RUN_AT.toISOString();
    assert.deepEqual(JSON.parse(contractMessage.data.toString('utf8')), {
      reason: 'contract',
      contractId: 'it-cdn',
      runAt,
    });
    assert.equal(contractMessage.attributes.contractId, 'it-cdn');
    // Delivered as Pub/Sub would: published now, its run time that of the schedule.
    await push(contractMessage.data, { ...contractMessage.attributes }, contractMessage.publishTime);
    const april = jstMonthBounds('2025-04');
    const stored = await firestoreCdnHours(db).read('it-cdn', { from: april.startUtc, to: RUN_AT });
    assert.equal(stored.length, 19 * 24 + 12, 'every finished hour of April so far');
    assert.ok(stored.every((h) => h.bytes === 100 * GB));
    const hourDoc = await db
      .collection(COLLECTIONS.cdnContracts)
      .doc('it-cdn')
      .collection(COLLECTIONS.cdnHours)
      .doc('2025-04-01T00:00:00Z')
      .get();
    assert.ok(hourDoc.get('expiresAt').toMillis() > Date.parse('2026-05-01T00:00:00Z'), 'kept 400 days');

    const deadline = Date.now() + 10_000;
    while ((await financeMails()).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [mail, ...rest] = await financeMails();
    assert.deepEqual(rest, []);
    assert.equal(mail?.kind, 'report');
    assert.deepEqual(mail?.recipients, { to: ['finance@msp.example'], cc: [] });
    assert.equal(mail?.correlationId, 'cdn-it', 'carried from the schedule through the fan-out');
    assert.match(
      mail?.report?.subject ?? '',
      /^\[WARNING\] CDN it-cdn: overage likely this month \(P50 1\d\d(\.\d)?% of 50 TB\)$/,
    );

    // Redelivered, and the next run: the alert stands, nothing more is mailed.
    await push(contractMessage.data, { ...contractMessage.attributes }, contractMessage.publishTime);
    await push({
      reason: 'contract',
      contractId: 'it-cdn',
      runAt: new Date(RUN_AT.getTime() + HOUR_MS).toISOString(),
    });
    assert.equal((await financeMails()).length, 1);
    const states = await db
      .collection(COLLECTIONS.cdnContracts)
      .doc('it-cdn')
      .collection(COLLECTIONS.cdnAlertStates)
      .get();
    const likely = states.docs.find((d) => d.id === '2025-04_overage-likely_0');
    assert.equal(likely?.get('status'), 'active');
  });

  it('the CSV import script upserts through the same store and prints the month totals', async () => {
    await firestoreCdnContracts(db).put({ ...watched, id: 'csv-it', source: { kind: 'csv' } });
    const dir = await mkdtemp(join(tmpdir(), 'cdn-import-'));
    try {
      const file = join(dir, 'april.csv');
      await writeFile(
        file,
        'hour_start_utc,bytes\n2025-04-01T00:00:00Z,2000000000000\n2025-04-01T01:00:00Z,3000000000000\n',
      );
      const ok = await runScript([file, '--contract', 'csv-it']);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /Imported 2 hours/);
      assert.match(ok.stdout, /2025-04 {2}5 TB {2}10% of the commit {2}2\/720 hours/);
      const stored = await firestoreCdnHours(db).read('csv-it', {
        from: new Date('2025-04-01T00:00:00Z'),
        to: RUN_AT,
      });
      assert.deepEqual(
        stored.map((h) => h.bytes),
        [2e12, 3e12],
      );

      const noContract = await runScript([file]);
      assert.equal(noContract.code, 2);
      assert.match(noContract.stderr, /--contract: missing[\s\S]*usage: npm run cdn:import/);
      const missingFile = await runScript([join(dir, 'nope.csv'), '--contract', 'csv-it']);
      assert.equal(missingFile.code, 1);
      assert.match(missingFile.stderr, /cannot read .*nope\.csv: ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
