import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PubSub } from '@google-cloud/pubsub';
import { freePort } from '../../../local/free-port';
import { LocalPubSubServer } from '../../../local/pubsub/local-pubsub-server';
import { firestoreRoutingConfig } from '../../../shared/alerting/adapters/firestore-routing-config';
import { createLogger } from '../../../shared/kernel/log/logger';
import { ALL_TOPICS, PUSH_SUBSCRIPTIONS, TOPICS } from '../../../shared/kernel/topology';
import { COLLECTIONS } from '../../../shared/platform/firestore/firestore-collections';
import { readFixture } from '../../support/fixtures';
import { type FunctionUnderTest, startFunctionUnderTest } from '../../support/function-under-test';
import { registerToken } from '../../support/intake-env';
import { MAILER_PROJECT, type MailerBackends, startMailerBackends } from '../../support/mailer-env';

/**
 * The whole path with Pub/Sub down at first: intake keeps the webhook in its Firestore backlog (202);
 * once Pub/Sub is up, backlog-drain republishes it, the router routes it and the mailer sends it through
 * the SendGrid stand-in: exactly one mail, every function in its own process.
 */
const ORG = 'backlog-it';
const TOKEN = 'backlog-it-token-0123456789';

let backends: MailerBackends;
let pubsubPort: number;
let pubsub: LocalPubSubServer | undefined;
let fns: Record<'intake' | 'backlog-drain' | 'router' | 'mailer', FunctionUnderTest>;

before(async () => {
  backends = await startMailerBackends();
  pubsubPort = await freePort();
  const env = {
    ...backends.env,
    PUBSUB_EMULATOR_HOST: `127.0.0.1:${pubsubPort}`,
    INTAKE_PUBLISH_TIMEOUT_MS: '300',
    INTAKE_PUBLISH_ATTEMPTS: '2',
    INTAKE_FIRESTORE_TIMEOUT_MS: '3000',
    DRAIN_PUBLISH_TIMEOUT_MS: '3000',
    ROUTER_PUBLISH_TIMEOUT_MS: '3000',
  };
  await registerToken(backends.db, ORG, TOKEN);
  const routing = firestoreRoutingConfig(backends.db);
  await backends.db.collection(COLLECTIONS.orgs).doc(ORG).set({
    name: ORG,
    displayName: 'Backlog IT',
    enabled: true,
    language: 'en',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  await routing.putRoute(ORG, {
    id: 'team',
    name: 'team',
    order: 10,
    match: {},
    recipients: { to: ['team@backlog-it.example'] },
  });
  const [intake, drain, router, mailer] = await Promise.all([
    startFunctionUnderTest('intake', 'intake', env),
    startFunctionUnderTest('backlog-drain', 'backlogDrain', env),
    startFunctionUnderTest('router', 'router', env),
    startFunctionUnderTest('mailer', 'mailer', env),
  ]);
  fns = { intake, 'backlog-drain': drain, router, mailer };
});

after(async () => {
  await pubsub?.stop();
  await Promise.all(Object.values(fns ?? {}).map((f) => f.stop()));
  await backends?.stop();
});

describe('intake backlog -> drain -> router -> mailer -> SendGrid', () => {
  it('Pub/Sub down: 202 into the backlog; once it is up, the drain leads to exactly one mail', async () => {
    const body = { ...readFixture('alert-host-critical.json'), orgName: ORG };
    const res = await fetch(`${fns.intake.url}/hooks/mackerel/${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 202, await res.text());
    assert.equal((await backends.db.collection(COLLECTIONS.intakeBacklog).get()).size, 1);

    pubsub = new LocalPubSubServer({
      projectId: MAILER_PROJECT,
      port: pubsubPort,
      topics: ALL_TOPICS,
      subscriptions: PUSH_SUBSCRIPTIONS.flatMap((s) => {
        const fn = fns[s.functionName as keyof typeof fns];
        return fn ? [{ ...s, pushEndpoint: `${fn.url}/` }] : [];
      }),
      timeScale: 0.01,
      logger: createLogger({}, () => {}),
    });
    await pubsub.start();
    const client = new PubSub({
      projectId: MAILER_PROJECT,
      apiEndpoint: `127.0.0.1:${pubsubPort}`,
      emulatorMode: true,
    });
    await client.topic(TOPICS.backlogDrainRequests).publishMessage({ json: { reason: 'manual' } });
    await client.close();

    const deadline = Date.now() + 30_000;
    while (backends.sendgrid.messages().length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await pubsub.whenIdle();
    await new Promise((r) => setTimeout(r, 1000));
    const mails = backends.sendgrid.messages();
    assert.equal(mails.length, 1, JSON.stringify(mails.map((m) => m.subject)));
    assert.match(mails[0]?.subject ?? '', /^\[CRITICAL\] backlog-it \/ /);
    assert.equal((await backends.db.collection(COLLECTIONS.intakeBacklog).get()).size, 0, 'backlog drained');
  });
});
