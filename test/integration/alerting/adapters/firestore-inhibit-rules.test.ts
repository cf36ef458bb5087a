import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Firestore } from '@google-cloud/firestore';
import {
  type RunningFirestoreEmulator,
  startFirestoreEmulator,
} from '../../../../local/firestore/firestore-emulator';
import { DEMO_ORG, seedDemo } from '../../../../local/seed-demo';
import {
  type FirestoreRoutingConfig,
  firestoreRoutingConfig,
} from '../../../../shared/alerting/adapters/firestore-routing-config';
import { firestoreOrgs } from '../../../../shared/orgs/adapters/firestore-orgs';
import { COLLECTIONS } from '../../../../shared/platform/firestore/firestore-collections';
import { firestoreRoutingVersions } from '../../../../shared/routing/adapters/firestore-routing-versions';
import { HOST_DOWN_INHIBITS_HOST_ALERTS } from '../../../../shared/routing/inhibition/host-down-rule';

/** Inhibit rules loaded with the routing configuration: orgs/{org}/inhibitRules and inhibitRules. */

const NOW = new Date('2026-01-01T12:00:00Z');
let emulator: RunningFirestoreEmulator;
let db: Firestore;
let config: FirestoreRoutingConfig;

before(async () => {
  emulator = await startFirestoreEmulator(0);
  Object.assign(process.env, { FIRESTORE_EMULATOR_HOST: emulator.host, METADATA_SERVER_DETECTION: 'none' });
  db = new Firestore({ projectId: 'inhibit-rules-test' });
  config = firestoreRoutingConfig(db);
  for (const name of ['acme', 'other']) {
    await firestoreOrgs(db).upsert({
      name,
      displayName: name,
      enabled: true,
      language: 'en',
      contacts: [],
      declaredNetworks: [],
      memo: '',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  }
});

after(async () => {
  await db?.terminate();
  emulator?.stop();
});

describe('inhibit rules in the routing configuration', () => {
  it("loads the org's enabled rules and the MSP-wide ones that apply to it", async () => {
    await config.putInhibitRule('acme', HOST_DOWN_INHIBITS_HOST_ALERTS);
    await config.putInhibitRule('acme', {
      id: 'off',
      name: 'disabled',
      source: {},
      target: {},
      enabled: false,
    });
    await config.putMspInhibitRule({
      id: 'check-down',
      name: 'a failing check inhibits the service',
      source: { alertTypes: ['check'] },
      target: { alertTypes: ['service'] },
      equal: ['org', 'service'],
    });
    await config.putMspInhibitRule({
      id: 'other-only',
      name: 'only for other',
      source: {},
      target: {},
      orgs: ['other'],
    });
    const acme = await config.load('acme', NOW);
    assert.deepEqual(
      acme.inhibitRules.map((rule) => rule.id),
      ['host-down', 'check-down'],
    );
    assert.deepEqual(acme.inhibitRules[0], {
      ...HOST_DOWN_INHIBITS_HOST_ALERTS,
      equal: ['org', 'host'],
      enabled: true,
    });
    assert.deepEqual(
      (await config.load('other', NOW)).inhibitRules.map((rule) => rule.id),
      ['check-down', 'other-only'],
    );
    const listed = await config.listInhibitRules('acme');
    assert.deepEqual(listed.items.map((rule) => rule.id).sort(), ['host-down', 'off']);
    assert.deepEqual((await config.listMspInhibitRules()).items.map((rule) => rule.id).sort(), [
      'check-down',
      'other-only',
    ]);
  });

  it('reports a rule document that does not parse and skips it', async () => {
    await db
      .collection(`${COLLECTIONS.orgs}/acme/${COLLECTIONS.inhibitRules}`)
      .doc('typo')
      .set({ name: 'typo', source: { alertType: ['connectivity'] }, target: {} });
    await db
      .collection(COLLECTIONS.inhibitRules)
      .doc('no-name')
      .set({ source: {}, target: {}, equal: ['org', 'org'] });
    const loaded = await config.load('acme', NOW);
    assert.deepEqual(
      loaded.inhibitRules.map((rule) => rule.id),
      ['host-down', 'check-down'],
    );
    const problems = loaded.problems.filter((p) => p.path.includes(COLLECTIONS.inhibitRules));
    assert.deepEqual(
      problems.sort((a, b) => a.path.localeCompare(b.path)),
      [
        {
          path: 'inhibitRules/no-name',
          issues: ['name: Invalid input: expected string, received undefined', 'equal: list each field once'],
        },
        { path: 'orgs/acme/inhibitRules/typo', issues: ['source: Unrecognized key: "alertType"'] },
      ],
    );
    assert.deepEqual(
      (await config.listInhibitRules('acme')).problems.map((p) => p.path),
      ['orgs/acme/inhibitRules/typo'],
    );
    await db.collection(`${COLLECTIONS.orgs}/acme/${COLLECTIONS.inhibitRules}`).doc('typo').delete();
    await db.collection(COLLECTIONS.inhibitRules).doc('no-name').delete();
  });

  it('a write moves the routing version (so routers reload), and an invalid rule is refused', async () => {
    const versions = firestoreRoutingVersions(db);
    const before = await versions.versionOf('acme');
    await config.putInhibitRule('acme', { ...HOST_DOWN_INHIBITS_HOST_ALERTS, name: 'renamed' });
    const afterOrg = await versions.versionOf('acme');
    assert.notEqual(afterOrg, before);
    await config.putMspInhibitRule({ id: 'check-down', name: 'renamed', source: {}, target: {} });
    assert.notEqual(await versions.versionOf('acme'), afterOrg, 'an MSP-wide rule moves every org');
    await assert.rejects(
      config.putInhibitRule('acme', { id: 'bad id', name: 'x', source: {}, target: {} }),
      /expected an id/,
    );
    await assert.rejects(
      config.putInhibitRule('acme', {
        id: 'x',
        name: 'x',
        source: {},
        target: {},
        orgs: ['acme'],
      } as never),
      /unrecognized_keys[\s\S]*"orgs"/,
    );
  });

  it('the demo org ships the host-down rule', async () => {
    await seedDemo(db);
    const demo = await config.load(DEMO_ORG, NOW);
    assert.ok(demo.inhibitRules.some((rule) => rule.id === HOST_DOWN_INHIBITS_HOST_ALERTS.id));
  });
});
