/**
 * The probe function from source under the functions framework, in its own process, against the npm
 * Firestore emulator, the local Pub/Sub server, the local Secret Manager (each org's key read by the real
 * client), the Mackerel stand-in (which records the host metrics posted) and the probe target stand-in.
 * Pushes are posted as Pub/Sub would; the org messages the schedule fans out are read back from the
 * Pub/Sub server and pushed in turn.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MackerelStandin } from '../../../local/mackerel/mackerel-standin';
import type { StandinSeed } from '../../../local/mackerel/standin-seed';
import { ProbeTargetStandin } from '../../../local/probes/target-standin';
import { LocalSecretManager } from '../../../local/secrets/local-secret-manager';
import { createLogger } from '../../../shared/kernel/log/logger';
import { TOPICS } from '../../../shared/kernel/topology';
import { apiKeySecretOf } from '../../../shared/mackerel/api/org-api-clients';
import { firestoreOrgs } from '../../../shared/orgs/adapters/firestore-orgs';
import { orgRecordSchema } from '../../../shared/orgs/org-record';
import { firestoreProbeDefinitions } from '../../../shared/probes/adapters/firestore-probe-definitions';
import { firestoreProbeRounds } from '../../../shared/probes/adapters/firestore-probe-rounds';
import { type OrgProbesInput, orgProbesSchema } from '../../../shared/probes/org-probes';
import { type FlowBackends, startFlowBackends } from '../../support/flow-backends';
import { type FunctionUnderTest, startFunctionUnderTest } from '../../support/function-under-test';
import { PROJECT } from '../../support/intake-env';
import { pushToFunction } from '../../support/push-to-function';

const SUBSCRIPTION = 'probe-requests--probe';
const NOW_S = Math.floor(Date.now() / 1000);
const ORGS = ['alpha', 'beta', 'gamma'] as const;

const host = (id: string, name: string, roles: Record<string, string[]>) => ({
  id,
  name,
  createdAt: NOW_S - 86_400,
  status: 'working',
  memo: '',
  isRetired: false,
  roles,
  interfaces: [{ name: 'eth0', ipv4Addresses: ['127.0.0.1'] }],
});

const SEED: StandinSeed = {
  orgs: [
    {
      name: 'alpha',
      displayName: 'Alpha',
      apiKey: 'alpha-key-0001',
      hosts: [host('hA1', 'alpha-web1', { shop: ['web'] }), host('hA2', 'alpha-web2', { shop: ['web'] })],
    },
    {
      name: 'beta',
      displayName: 'Beta',
      apiKey: 'beta-key-0002',
      hosts: [host('hB1', 'beta-db1', { shop: ['db'] }), host('hB2', 'beta-app1', { shop: ['app'] })],
    },
    {
      name: 'gamma',
      displayName: 'Gamma',
      apiKey: 'gamma-key-0003',
      hosts: [host('hG1', 'gamma-app1', { portal: ['app'] })],
    },
  ],
};

let backends: FlowBackends;
let mackerel: MackerelStandin;
let secrets: LocalSecretManager;
let targets: ProbeTargetStandin;
let probe: FunctionUnderTest;

function definitions(): Record<(typeof ORGS)[number], OrgProbesInput> {
  return {
    alpha: {
      probes: [
        {
          id: 'health',
          kind: 'http',
          // The template fills the host's name into the path: each host is its own stand-in target.
          url: `${targets.httpUrl}/{{host.name}}/health`,
          targets: { service: 'shop', roles: ['web'] },
          bodyRegex: '^ok',
        },
        ...(targets.httpsUrl
          ? [
              {
                id: 'tls',
                kind: 'http' as const,
                url: `${targets.httpsUrl}/{{host.name}}/`,
                targets: { hostIds: ['hA1'] },
              },
            ]
          : []),
      ],
    },
    beta: {
      probes: [
        {
          id: 'ssh',
          kind: 'tcp',
          address: `127.0.0.1:${targets.tcpPort}`,
          expect: '^SSH-',
          targets: { hostIds: ['hB1'] },
        },
        // The host's own address, as customers write it: eth0 here is loopback, which no template fills.
        { id: 'pg', kind: 'tcp', address: '{{host.ipv4.eth0}}:5432', targets: { hostIds: ['hB1'] } },
        {
          id: 'www',
          kind: 'dns',
          resolver: `${targets.dnsAddress}:${targets.dnsPort}`,
          name: 'www.probe.local',
          type: 'A',
          expect: ['192.0.2.10'],
          targets: { hostIds: ['hB2'] },
        },
      ],
    },
    gamma: {
      probes: [
        {
          id: 'portal',
          kind: 'http',
          url: `${targets.httpUrl}/{{host.name}}/`,
          targets: { service: 'portal' },
        },
        {
          id: 'metadata',
          kind: 'http',
          url: 'http://169.254.169.254/computeMetadata/v1/',
          targets: { service: 'portal' },
        },
      ],
    },
  };
}

before(async () => {
  const quiet = createLogger({}, () => {});
  backends = await startFlowBackends();
  mackerel = new MackerelStandin({ seed: SEED, port: 0, logger: quiet });
  await mackerel.start();
  secrets = new LocalSecretManager({
    projectId: PROJECT,
    port: 0,
    secrets: Object.fromEntries(SEED.orgs.map((o) => [apiKeySecretOf(o.name), o.apiKey])),
    logger: quiet,
  });
  const secretsPort = await secrets.start();
  targets = new ProbeTargetStandin({ logger: quiet });
  await targets.start();
  const orgs = firestoreOrgs(backends.db);
  const store = firestoreProbeDefinitions(backends.db);
  for (const [name, probes] of Object.entries(definitions())) {
    await orgs.upsert(
      // Contacts, declared networks and memo as the schema defaults them.
      orgRecordSchema.parse({
        name,
        displayName: name,
        enabled: true,
        language: 'en',
        hostQuota: { warn: 10, max: 20 },
        createdAt: new Date().toISOString(),
      }),
    );
    await store.put(name, orgProbesSchema.parse(probes));
  }
  probe = await startFunctionUnderTest('probe', 'probe', {
    GOOGLE_CLOUD_PROJECT: PROJECT,
    FIRESTORE_EMULATOR_HOST: process.env.FIRESTORE_EMULATOR_HOST ?? '',
    PUBSUB_EMULATOR_HOST: `127.0.0.1:${backends.pubsubPort}`,
    METADATA_SERVER_DETECTION: 'none',
    MACKEREL_API_BASE_URL: mackerel.baseUrl,
    SECRET_MANAGER_LOCAL_ENDPOINT: `127.0.0.1:${secretsPort}`,
    // The stand-in targets are on 127.0.0.1, as in the local stack; the metadata server stays refused.
    PROBE_ALLOW_LOOPBACK: 'true',
    ...(targets.caPath ? { NODE_EXTRA_CA_CERTS: targets.caPath } : {}),
  });
});

after(async () => {
  await probe?.stop();
  await targets?.stop();
  await secrets?.stop();
  await mackerel?.stop();
  await backends?.stop();
});

const orgMessages = () =>
  backends.pubsub.publishedTo(TOPICS.probeRequests).map((m) => JSON.parse(m.data.toString('utf8')));

async function push(data: unknown): Promise<void> {
  const response = await pushToFunction(probe, SUBSCRIPTION, data);
  assert.equal(response.status, 200, await response.text());
}

/** The latest value of each metric per host: `hostId name` -> value. */
function latest(org: string, time: number): Record<string, number> {
  const points = mackerel.org(org).hostMetrics.filter((p) => p.time === time);
  return Object.fromEntries(points.map((p) => [`${p.hostId} ${p.name}`, p.value]));
}

describe('a probe round over three orgs', () => {
  let roundAt = 0;

  it('fans out one message per org and posts each probe as its host metrics, in its own org', async () => {
    await push({ reason: 'schedule' });
    const messages = orgMessages();
    assert.deepEqual(
      messages.map((m) => m.org),
      [...ORGS],
    );
    roundAt = Date.parse(messages[0].roundAt) / 1000;
    for (const message of messages) await push(message);

    const alpha = latest('alpha', roundAt);
    assert.equal(alpha['hA1 custom.probe.http.ok.health'], 1);
    assert.equal(alpha['hA2 custom.probe.http.ok.health'], 1);
    assert.equal(alpha['hA1 custom.probe.http.status_code.health'], 200);
    assert.ok((alpha['hA1 custom.probe.http.duration_seconds.health'] ?? -1) >= 0);
    if (targets.httpsUrl && targets.certNotAfter) {
      assert.equal(alpha['hA1 custom.probe.http.ok.tls'], 1);
      const days = alpha['hA1 custom.probe.tls.days_to_expiry.tls'] ?? 0;
      assert.ok(days > 29 && days <= 30, `${days} days left on a 30-day certificate`);
    }
    const beta = latest('beta', roundAt);
    assert.equal(beta['hB1 custom.probe.tcp.ok.ssh'], 1);
    assert.equal(beta['hB2 custom.probe.dns.ok.www'], 1);
    assert.equal(beta['hB2 custom.probe.tcp.ok.ssh'], undefined, 'only the listed host is probed');
    assert.equal(latest('gamma', roundAt)['hG1 custom.probe.http.ok.portal'], 1);
    assert.equal(targets.requests('alpha-web1'), targets.httpsUrl ? 2 : 1);
  });

  it('reports a definition its host cannot fill, and does not probe it', async () => {
    const record = (await firestoreProbeRounds(backends.db).get('beta', 0))?.record;
    assert.deepEqual(
      record?.problems.map((p) => [p.probeId, p.hostId, p.field]),
      [['pg', 'hB1', 'address']],
    );
    assert.equal(latest('beta', roundAt)['hB1 custom.probe.tcp.ok.pg'], undefined);
  });

  it('refuses the metadata server: posted as a failure, never requested', async () => {
    assert.equal(latest('gamma', roundAt)['hG1 custom.probe.http.ok.metadata'], 0);
    const record = (await firestoreProbeRounds(backends.db).get('gamma', 0))?.record;
    const failure = record?.failures.find((f) => f.probeId === 'metadata');
    assert.equal(failure?.kind, 'policy');
    assert.match(failure?.message ?? '', /metadata server/);
  });

  it('a target that goes down is 0 in the next round, its neighbours still 1', async () => {
    targets.setTarget('alpha-web2', { down: true });
    const next = new Date((roundAt + 1) * 1000).toISOString();
    await push({ reason: 'org', org: 'alpha', roundAt: next });
    const alpha = latest('alpha', roundAt + 1);
    assert.equal(alpha['hA2 custom.probe.http.ok.health'], 0);
    assert.equal(alpha['hA1 custom.probe.http.ok.health'], 1);
    targets.resetTarget('alpha-web2');
  });

  it('a Mackerel outage buffers the round, and the next round posts it first', async () => {
    const record = async () => (await firestoreProbeRounds(backends.db).get('gamma', 0))?.record;
    // Every attempt of the post (the client retries 5xx) answers 503.
    mackerel.injectFault({ org: 'gamma', count: 3, status: 503 });
    await push({ reason: 'org', org: 'gamma', roundAt: new Date((roundAt + 2) * 1000).toISOString() });
    assert.deepEqual(latest('gamma', roundAt + 2), {});
    assert.equal(
      (await record())?.buffer.length,
      5,
      'ok and duration of both probes, the status code of the one answered',
    );
    await push({ reason: 'org', org: 'gamma', roundAt: new Date((roundAt + 3) * 1000).toISOString() });
    assert.equal(
      latest('gamma', roundAt + 2)['hG1 custom.probe.http.ok.portal'],
      1,
      'the buffered round landed',
    );
    assert.equal(latest('gamma', roundAt + 3)['hG1 custom.probe.http.ok.portal'], 1);
    assert.equal((await record())?.buffer.length, 0);
  });

  it('a redelivered message posts nothing twice', async () => {
    const before = mackerel.org('beta').hostMetrics.length;
    await push(orgMessages().find((m) => m.org === 'beta'));
    assert.equal(mackerel.org('beta').hostMetrics.length, before);
  });
});
