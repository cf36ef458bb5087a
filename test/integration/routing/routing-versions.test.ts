import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Firestore } from '@google-cloud/firestore';
import {
  type RunningFirestoreEmulator,
  startFirestoreEmulator,
} from '../../../local/firestore/firestore-emulator';
import { firestoreRoutingConfig } from '../../../shared/alerting/adapters/firestore-routing-config';
import { cachedRoutingConfig } from '../../../shared/alerting/router/cached-routing-config';
import { firestoreOrgs } from '../../../shared/orgs/adapters/firestore-orgs';
import { firestoreRoutingVersions } from '../../../shared/routing/adapters/firestore-routing-versions';
import { acmeOrg } from '../../support/router-world';

const NOW = new Date('2026-01-01T12:00:00Z');
let emulator: RunningFirestoreEmulator;
let db: Firestore;

before(async () => {
  emulator = await startFirestoreEmulator(0);
  Object.assign(process.env, { FIRESTORE_EMULATOR_HOST: emulator.host, METADATA_SERVER_DETECTION: 'none' });
  db = new Firestore({ projectId: 'routing-versions' });
  await firestoreOrgs(db).upsert(acmeOrg({ name: 'acme' }));
});

after(async () => {
  await db?.terminate();
  emulator?.stop();
});

const silence = (id: string, org: string) => ({
  id,
  org,
  matchers: {},
  startsAt: '2026-01-01T00:00:00Z',
  endsAt: '2026-01-02T00:00:00Z',
  createdBy: 'test',
  comment: 'maintenance',
});

describe('routing versions', () => {
  it('every change msp-ops makes to an org routing moves its version; other orgs keep theirs', async () => {
    const versions = firestoreRoutingVersions(db);
    const routing = firestoreRoutingConfig(db);
    const other = await versions.versionOf('globex');
    const seen = [await versions.versionOf('acme')];
    const changes: Array<() => Promise<unknown>> = [
      () =>
        routing.putRoute('acme', {
          id: 'web',
          name: 'web',
          order: 1,
          match: {},
          recipients: { to: ['w@x.example'] },
        }),
      () => routing.deleteRoute('acme', 'web'),
      () => routing.putSilence(silence('s1', 'acme')),
      async () => {
        const org = await firestoreOrgs(db).get('acme');
        assert.ok(org);
        await firestoreOrgs(db).upsert({ ...org, language: 'ja' });
      },
    ];
    for (const change of changes) {
      await change();
      const version = await versions.versionOf('acme');
      assert.ok(!seen.includes(version), `a new version after change ${seen.length}`);
      seen.push(version);
    }
    assert.equal(await versions.versionOf('globex'), other);
  });

  it('MSP-wide routes and every-org silences move every org version', async () => {
    const versions = firestoreRoutingVersions(db);
    const routing = firestoreRoutingConfig(db);
    const before = await Promise.all([versions.versionOf('acme'), versions.versionOf('globex')]);
    await routing.putMspRoute({
      id: 'noc',
      name: 'NOC',
      order: 1,
      match: {},
      recipients: { to: ['n@x.example'] },
    });
    const middle = await Promise.all([versions.versionOf('acme'), versions.versionOf('globex')]);
    await routing.putSilence({ ...silence('s-all', '*'), matchers: { services: ['shop'] } });
    const after = await Promise.all([versions.versionOf('acme'), versions.versionOf('globex')]);
    for (const i of [0, 1]) {
      assert.notEqual(middle[i], before[i]);
      assert.notEqual(after[i], middle[i]);
    }
  });

  it('the router cache applies a silence added through msp-ops to the very next event', async () => {
    const routing = firestoreRoutingConfig(db);
    const cached = cachedRoutingConfig(routing, firestoreRoutingVersions(db));
    const ids = async () => (await cached.load('acme', NOW)).silences.map((s) => s.id).sort();
    const before = await ids();
    assert.deepEqual(await ids(), before, 'unchanged while nothing changes');
    await routing.putSilence(silence('s-new', 'acme'));
    assert.deepEqual(await ids(), [...before, 's-new'].sort());
  });
});
