import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
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
import { parseWebhookBody } from '../../../../shared/mackerel/webhook/parse-webhook';
import { firestoreOrgs } from '../../../../shared/orgs/adapters/firestore-orgs';
import { COLLECTIONS } from '../../../../shared/platform/firestore/firestore-collections';
import { activeSilence } from '../../../../shared/routing/active-silence';
import { matchRoutes } from '../../../../shared/routing/match-routes';
import { routingTargetOf } from '../../../../shared/routing/routing-target';
import { BUSINESS_HOURS_JST } from '../../../../shared/routing/time-intervals/business-hours';
import { readFixture } from '../../../support/fixtures';

const PROJECT = 'test-project';
const NOW = new Date('2026-01-01T12:00:00Z');

let emulator: RunningFirestoreEmulator;
let db: Firestore;
let config: FirestoreRoutingConfig;

before(async () => {
  emulator = await startFirestoreEmulator(0);
  Object.assign(process.env, { FIRESTORE_EMULATOR_HOST: emulator.host, METADATA_SERVER_DETECTION: 'none' });
  db = new Firestore({ projectId: PROJECT });
  config = firestoreRoutingConfig(db);
});

after(async () => {
  await db?.terminate();
  emulator?.stop();
});

/** MSP routes and silences are shared by every org, so each test starts without them. */
beforeEach(async () => {
  for (const name of [COLLECTIONS.mspRoutes, COLLECTIONS.silences, COLLECTIONS.timeIntervals]) {
    // A query, not listDocuments(): the npm emulator does not implement ListDocuments.
    const snapshot = await db.collection(name).get();
    await Promise.all(snapshot.docs.map((doc) => doc.ref.delete()));
  }
});

async function putOrg(name: string, withDefaultRoute = true): Promise<void> {
  await firestoreOrgs(db).upsert({
    name,
    displayName: name,
    enabled: true,
    language: 'en',
    contacts: [{ name: 'Ops', email: `ops@${name}.example` }],
    declaredNetworks: ['203.0.113.0/24'],
    memo: '',
    ...(withDefaultRoute
      ? {
          defaultRoute: {
            recipients: { to: [`oncall@${name}.example`], cc: [] },
            groupIntervalSeconds: 300,
            repeatIntervalSeconds: 14_400,
          },
        }
      : {}),
    createdAt: '2026-01-01T00:00:00.000Z',
  });
}

const recipients = (to: string) => ({ to: [to] });

const silenceFields = {
  matchers: { hostNameGlob: 'web*' },
  startsAt: '2026-01-01T11:00:00Z',
  endsAt: '2026-01-01T13:00:00Z',
  createdBy: 'ops@msp.example',
  comment: 'maintenance',
};

describe('firestoreRoutingConfig against the Firestore emulator', () => {
  it('puts and loads routes in order, without disabled ones, with the org and its default route', async () => {
    await putOrg('acme-prod');
    const written = await config.putRoute('acme-prod', {
      id: 'web',
      name: 'web hosts',
      order: 30,
      match: { hostNameGlob: 'web*', minSeverity: 'warning', monitorNameGlob: undefined },
      recipients: { to: ['web@acme.example'], cc: ['lead@acme.example'] },
      groupIntervalSeconds: 60,
      repeatIntervalSeconds: 3600,
    });
    await config.putRoute('acme-prod', {
      id: 'shop',
      name: 'shop',
      order: 10,
      recipients: recipients('s@a.example'),
    });
    await config.putRoute('acme-prod', {
      id: 'b-tie',
      name: 'tie',
      order: 20,
      recipients: recipients('b@a.example'),
    });
    await config.putRoute('acme-prod', {
      id: 'a-tie',
      name: 'tie',
      order: 20,
      recipients: recipients('a@a.example'),
    });
    await config.putRoute('acme-prod', {
      id: 'off',
      name: 'disabled',
      order: 1,
      enabled: false,
      recipients: recipients('off@a.example'),
    });
    await config.putRoute('other-org', {
      id: 'theirs',
      name: 'x',
      order: 0,
      recipients: recipients('x@o.example'),
    });

    const loaded = await config.load('acme-prod', NOW);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(
      loaded.orgRoutes.map((r) => r.id),
      ['shop', 'a-tie', 'b-tie', 'web'],
    );
    assert.deepEqual(
      loaded.orgRoutes.find((r) => r.id === 'web'),
      written,
    );
    assert.equal(loaded.org?.name, 'acme-prod');
    assert.deepEqual(loaded.org?.declaredNetworks, ['203.0.113.0/24']);
    assert.deepEqual(loaded.defaultRoute?.recipients, { to: ['oncall@acme-prod.example'], cc: [] });
    assert.deepEqual(loaded.mspRoutes, []);
    assert.deepEqual(loaded.silences, []);
  });

  it('stores the id only as the document name', async () => {
    await config.putRoute('acme-prod', {
      id: 'named',
      name: 'n',
      order: 5,
      recipients: recipients('n@a.example'),
    });
    const stored = (await db.doc('orgs/acme-prod/routes/named').get()).data();
    assert.equal(stored?.id, undefined);
    assert.equal(stored?.order, 5);
  });

  it('puts and loads MSP routes in order, disabled ones left out', async () => {
    await putOrg('acme-prod');
    await config.putMspRoute({
      id: 'noc-critical',
      name: 'NOC criticals',
      order: 20,
      match: { minSeverity: 'critical' },
      recipients: recipients('noc@msp.example'),
    });
    await config.putMspRoute({
      id: 'acme-audit',
      name: 'acme only',
      order: 10,
      orgs: ['acme-prod'],
      continue: true,
      recipients: recipients('audit@msp.example'),
    });
    await config.putMspRoute({
      id: 'off',
      name: 'off',
      order: 0,
      enabled: false,
      recipients: recipients('off@msp.example'),
    });
    const loaded = await config.load('acme-prod', NOW);
    assert.deepEqual(
      loaded.mspRoutes.map((r) => [r.id, r.orgs]),
      [
        ['acme-audit', ['acme-prod']],
        ['noc-critical', undefined],
      ],
    );
  });

  it("loads the org's and every-org silences that have not ended, future ones included", async () => {
    await putOrg('acme-prod');
    await config.putSilence({ id: 'mine', org: 'acme-prod', ...silenceFields });
    await config.putSilence({ id: 'everyone', org: '*', ...silenceFields });
    await config.putSilence({ id: 'theirs', org: 'other-org', ...silenceFields });
    await config.putSilence({
      id: 'ended',
      org: 'acme-prod',
      ...silenceFields,
      startsAt: '2026-01-01T09:00:00Z',
      endsAt: '2026-01-01T12:00:00Z',
    });
    await config.putSilence({
      id: 'later',
      org: 'acme-prod',
      ...silenceFields,
      startsAt: '2026-01-01T20:00:00+09:00',
      endsAt: '2026-01-01T22:00:00+09:00',
    });
    const loaded = await config.load('acme-prod', NOW);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.silences.map((s) => s.id).sort(), ['everyone', 'later', 'mine']);
    assert.deepEqual(
      loaded.silences.find((s) => s.id === 'later'),
      {
        id: 'later',
        org: 'acme-prod',
        ...silenceFields,
        startsAt: '2026-01-01T20:00:00+09:00',
        endsAt: '2026-01-01T22:00:00+09:00',
      },
    );
    // The TTL policy's field: 30 days after the end, and the silence still parses with it.
    const stored = await db.collection(COLLECTIONS.silences).doc('later').get();
    assert.equal(stored.get('expiresAt').toDate().toISOString(), '2026-01-31T13:00:00.000Z');
  });

  it('skips and reports malformed documents, and loads everything else', async () => {
    await putOrg('broken-org');
    await config.putRoute('broken-org', {
      id: 'good',
      name: 'good',
      order: 10,
      recipients: recipients('g@b.example'),
    });
    const routes = db.collection(`${COLLECTIONS.orgs}/broken-org/${COLLECTIONS.routes}`);
    await routes.doc('no-order').set({ name: 'forgot order', recipients: { to: ['x@b.example'] } });
    await routes.doc('typo').set({
      name: 'typo',
      order: 5,
      match: { minSeverty: 'critical' },
      recipients: { to: ['x@b.example'] },
    });
    await routes.doc('disabled-and-bad').set({ name: 'x', order: 1, enabled: false, recipients: { to: [] } });
    await db
      .collection(COLLECTIONS.mspRoutes)
      .doc('bad-msp')
      .set({ name: 'noc', order: 1, recipients: 'noc@msp' });
    await db
      .collection(COLLECTIONS.silences)
      .doc('backwards')
      .set({
        org: 'broken-org',
        ...silenceFields,
        startsAt: '2026-01-01T13:00:00Z',
        endsAt: '2026-01-01T11:00:00Z',
      });

    const loaded = await config.load('broken-org', NOW);
    assert.deepEqual(
      loaded.orgRoutes.map((r) => r.id),
      ['good'],
    );
    assert.deepEqual(loaded.mspRoutes, []);
    assert.deepEqual(loaded.silences, []);
    assert.deepEqual(
      loaded.problems.sort((a, b) => a.path.localeCompare(b.path)),
      [
        {
          path: 'mspRoutes/bad-msp',
          issues: ['recipients: Invalid input: expected object, received string'],
        },
        {
          path: 'orgs/broken-org/routes/disabled-and-bad',
          issues: ['recipients.to: Too small: expected array to have >=1 items'],
        },
        {
          path: 'orgs/broken-org/routes/no-order',
          issues: ['order: Invalid input: expected number, received undefined'],
        },
        { path: 'orgs/broken-org/routes/typo', issues: ['match: Unrecognized key: "minSeverty"'] },
        { path: 'silences/backwards', issues: ['endsAt: must be after startsAt'] },
      ],
    );
  });

  it('reports a missing or malformed org document and still loads its routes', async () => {
    await config.putRoute('ghost-org', {
      id: 'r',
      name: 'r',
      order: 1,
      recipients: recipients('r@g.example'),
    });
    const ghost = await config.load('ghost-org', NOW);
    assert.equal(ghost.org, undefined);
    assert.equal(ghost.defaultRoute, undefined);
    assert.deepEqual(ghost.problems, [{ path: 'orgs/ghost-org', issues: ['no such org document'] }]);
    assert.deepEqual(
      ghost.orgRoutes.map((r) => r.id),
      ['r'],
    );

    await db
      .doc('orgs/bad-org')
      .set({ name: 'bad-org', displayName: 'x', enabled: true, language: 'fr', createdAt: 'now' });
    const bad = await config.load('bad-org', NOW);
    assert.equal(bad.org, undefined);
    assert.equal(bad.problems[0]?.path, 'orgs/bad-org');
    assert.equal(bad.problems[0]?.issues.length, 2);
  });

  it('refuses to write an invalid route, MSP route or silence', async () => {
    await assert.rejects(
      config.putRoute('acme-prod', { id: 'bad', name: 'bad', order: 1, recipients: { to: [] } }),
      /Too small/,
    );
    await assert.rejects(
      config.putMspRoute({
        id: 'bad',
        name: 'bad',
        order: 1,
        orgs: [],
        recipients: recipients('n@msp.example'),
      }),
      /Too small/,
    );
    await assert.rejects(
      config.putSilence({ id: 'bad', org: '*', ...silenceFields, matchers: {} }),
      /needs at least one matcher/,
    );
    assert.equal((await db.doc('orgs/acme-prod/routes/bad').get()).exists, false);
    assert.equal((await db.doc('mspRoutes/bad').get()).exists, false);
    assert.equal((await db.doc('silences/bad').get()).exists, false);
  });

  it('gives the seeded demo org routing data the pure matcher routes a critical with', async () => {
    await seedDemo(db);
    const loaded = await config.load(DEMO_ORG, NOW);
    assert.deepEqual(loaded.problems, []);
    const parse = (name: string) => {
      const parsed = parseWebhookBody({ ...readFixture(name), orgName: DEMO_ORG });
      if (!parsed.ok) assert.fail(JSON.stringify(parsed.issues));
      return routingTargetOf(parsed.event, DEMO_ORG);
    };
    const to = (name: string) =>
      matchRoutes(parse(name), loaded, new Date()).matched.map((r) => r.recipients?.to.join());

    assert.deepEqual(to('alert-host-critical.json'), ['shop-team@demo.example', 'noc@msp.example']);
    assert.deepEqual(to('alert-check.json'), ['oncall@demo.example']);
    assert.deepEqual(to('alert-query.json'), ['oncall@demo.example', 'noc@msp.example']);
    assert.equal(activeSilence(parse('alert-host-critical.json'), loaded.silences, NOW), undefined);

    await config.putSilence({ id: 'demo-web', org: DEMO_ORG, ...silenceFields });
    const silenced = await config.load(DEMO_ORG, NOW);
    assert.equal(activeSilence(parse('alert-host-critical.json'), silenced.silences, NOW)?.id, 'demo-web');
    assert.equal(activeSilence(parse('alert-query.json'), silenced.silences, NOW), undefined);
  });

  it('loads time intervals for routes to refer to, and reports a route naming one that is not stored', async () => {
    await putOrg('timed');
    await config.putTimeInterval(BUSINESS_HOURS_JST);
    await config.putRoute('timed', {
      id: 'team',
      name: 'team in business hours',
      order: 1,
      activeTimeIntervals: ['business-hours'],
      recipients: recipients('team@timed.example'),
    });
    await config.putRoute('timed', {
      id: 'typo',
      name: 'muted by a typo',
      order: 2,
      muteTimeIntervals: ['bussiness-hours'],
      recipients: recipients('typo@timed.example'),
    });
    const loaded = await config.load('timed', NOW);
    assert.deepEqual(
      loaded.timeIntervals.map((i) => i.id),
      ['business-hours'],
    );
    assert.deepEqual(loaded.problems, [
      {
        path: 'orgs/timed/routes/typo',
        issues: ['muteTimeIntervals: unknown time interval "bussiness-hours"; the route is skipped'],
      },
    ]);
    const listed = await config.listTimeIntervals();
    assert.deepEqual(listed.problems, []);
    assert.equal(listed.items[0]?.spans[0]?.japaneseHolidays, 'exclude');
    // A stored interval that does not parse is reported, not used.
    await db
      .collection(COLLECTIONS.timeIntervals)
      .doc('broken')
      .set({ spans: [{ weekdays: ['funday'] }] });
    const again = await config.load('timed', NOW);
    assert.ok(again.problems.some((p) => p.path === 'timeIntervals/broken'));
    await assert.rejects(
      config.putTimeInterval({ id: 'bad', spans: [{ times: [{ start: '9', end: '18:00' }] }] }),
      /HH:MM/,
    );
    // Stored as written.
    const stored = (await db.collection(COLLECTIONS.timeIntervals).doc('business-hours').get()).data();
    assert.deepEqual(stored?.spans?.[0]?.times, [{ start: '09:00', end: '18:00' }]);
  });
});
