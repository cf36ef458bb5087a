import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { firestoreRoutingConfig } from '../../../shared/alerting/adapters/firestore-routing-config';
import { COLLECTIONS } from '../../../shared/platform/firestore/firestore-collections';
import { BUSINESS_HOURS_JST } from '../../../shared/routing/time-intervals/business-hours';
import { type CliBackends, startCliBackends } from '../../support/cli-harness';
import { FIXTURE_DIR } from '../../support/fixtures';

let cli: CliBackends;
const ALERT = join(FIXTURE_DIR, 'alert-host-critical.json');

before(async () => {
  cli = await startCliBackends();
  await cli.addOrg('acme');
});
after(() => cli?.stop());

const routeAdd = (org: string, id: string, order: string, ...rest: string[]) => [
  'route',
  'add',
  '--org',
  org,
  '--id',
  id,
  '--name',
  `${id} route`,
  '--order',
  order,
  ...rest,
];

const listedSchema = z.object({
  routes: z.array(z.object({ org: z.string(), id: z.string(), order: z.number(), enabled: z.boolean() })),
  problems: z.array(z.object({ path: z.string(), issues: z.array(z.string()) })),
});

const decisionSchema = z.object({
  mailed: z.boolean(),
  recipients: z.object({ to: z.array(z.string()), cc: z.array(z.string()) }),
  matched: z.array(z.object({ key: z.string(), reasons: z.array(z.string()) })),
  notMatched: z.array(z.object({ key: z.string(), reasons: z.array(z.string()) })),
  suppression: z.object({ kind: z.string() }).nullable(),
});

describe('msp-ops route', () => {
  it('adds org and MSP-wide routes that the router then loads', async () => {
    const stored = z
      .object({ org: z.string(), id: z.string(), match: z.record(z.string(), z.unknown()) })
      .parse(
        await cli.json(
          routeAdd(
            'acme',
            'db',
            '10',
            '--role',
            'shop:db',
            '--min-severity',
            'warning',
            '--to',
            'db@acme.example',
          ),
        ),
      );
    assert.deepEqual(stored.match, { roles: ['shop:db'], minSeverity: 'warning' });
    await cli.json(
      routeAdd(
        'acme',
        'web',
        '20',
        '--service',
        'shop',
        '--host',
        'web*',
        '--to',
        'web@acme.example,lead@acme.example',
        '--cc',
        'cto@acme.example',
        '--continue',
      ),
    );
    await cli.json(routeAdd('*', 'noc', '5', '--min-severity', 'critical', '--to', 'noc@msp.example'));
    const config = await firestoreRoutingConfig(cli.db).load('acme', new Date());
    assert.deepEqual(
      config.orgRoutes.map((r) => [r.id, r.recipients?.to, r.recipients?.cc, r.continue]),
      [
        ['db', ['db@acme.example'], [], false],
        ['web', ['web@acme.example', 'lead@acme.example'], ['cto@acme.example'], true],
      ],
    );
    assert.deepEqual(
      config.mspRoutes.map((r) => r.id),
      ['noc'],
    );
  });

  it('will not overwrite a route unless told to; refuses a missing recipient with exit 2', async () => {
    const again = await cli.run(routeAdd('acme', 'db', '10', '--to', 'x@acme.example'));
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists already .*--replace/);
    const noRecipient = await cli.run(routeAdd('acme', 'other', '30'));
    assert.equal(noRecipient.code, 2);
    assert.match(noRecipient.stderr, /--to/);
  });

  it('adds a route to chat and paging targets whose secrets exist; refuses an unknown secret with exit 2', async () => {
    const unknown = await cli.run(routeAdd('acme', 'pager', '5', '--pagerduty', 'pd-missing'));
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--pagerduty: secret pd-missing not found/);
    cli.secrets.setSecret('pd-oncall', '0123456789abcdef0123456789abcdef');
    cli.secrets.setSecret('slack-noc', 'https://hooks.slack.example/services/T/B/x');
    const stored = z
      .object({ targets: z.array(z.record(z.string(), z.string())), recipients: z.unknown().optional() })
      .parse(
        await cli.json(
          routeAdd(
            'acme',
            'pager',
            '5',
            '--min-severity',
            'critical',
            '--pagerduty',
            'pd-oncall',
            '--slack',
            'slack-noc',
            '--continue',
          ),
        ),
      );
    assert.deepEqual(stored.targets, [
      { kind: 'slack', webhookUrlSecret: 'slack-noc' },
      { kind: 'pagerduty', routingKeySecret: 'pd-oncall' },
    ]);
    assert.equal(stored.recipients, undefined);
    const listed = await cli.run(['route', 'list', '--org', 'acme']);
    assert.match(listed.stdout, /slack \(secret slack-noc\), pagerduty \(secret pd-oncall\)/);
    assert.ok(!listed.stdout.includes('0123456789abcdef'), 'the routing key is never shown');
    const tested = await cli.run(['route', 'test', '--org', 'acme', ALERT]);
    assert.match(tested.stdout, /and send to slack \(secret slack-noc\), pagerduty \(secret pd-oncall\)/);
    assert.equal((await cli.run(['route', 'remove', '--org', 'acme', 'pager'])).code, 0);
  });

  it('lists routes as stored in evaluation order, naming a document that does not parse', async () => {
    await cli.db
      .collection(COLLECTIONS.orgs)
      .doc('acme')
      .collection(COLLECTIONS.routes)
      .doc('broken')
      .set({ order: 'x' });
    const listed = listedSchema.parse(await cli.json(['route', 'list']));
    assert.deepEqual(
      listed.routes.map((r) => `${r.org}/${r.id}`),
      ['acme/db', 'acme/web', '*/noc'],
    );
    assert.deepEqual(
      listed.problems.map((p) => p.path),
      ['orgs/acme/routes/broken'],
    );
    const table = await cli.run(['route', 'list', '--org', 'acme']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(
      table.stdout,
      /^acme\s+20\s+web\s+web route\s+service=shop host=web\*\s+web@acme\.example,lead@acme\.example/m,
    );
    assert.match(table.stdout, /unreadable orgs\/acme\/routes\/broken: .*order: /);
  });

  it('tests an event: who is mailed, why, and why the other routes did not match', async () => {
    const decision = decisionSchema.parse(await cli.json(['route', 'test', ALERT, '--org', 'acme']));
    assert.equal(decision.mailed, true);
    assert.deepEqual(
      decision.matched.map((m) => m.key),
      ['org:web', 'msp:noc'],
    );
    assert.deepEqual(decision.recipients, {
      to: ['web@acme.example', 'lead@acme.example', 'noc@msp.example'],
      cc: ['cto@acme.example'],
    });
    assert.deepEqual(decision.notMatched, [
      { key: 'org:db', reasons: ['no role of [shop:web] is in [shop:db]'] },
    ]);

    await firestoreRoutingConfig(cli.db).putSilence({
      id: 'web-maint',
      org: 'acme',
      matchers: { hostNameGlob: 'web*' },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      createdBy: 'ops',
      comment: 'patching',
    });
    const muted = await cli.run(['route', 'test', ALERT, '--org', 'acme']);
    assert.equal(muted.code, 0, muted.stderr);
    assert.match(muted.stdout, /Not mailed now: silence web-maint until .* by ops: patching/);
    assert.match(muted.stdout, /org:db "db route"\n\s+no role of \[shop:web\] is in \[shop:db\]/);
  });

  it('removes a route once; a second remove fails with exit 1', async () => {
    const removed = await cli.run(['route', 'remove', '--org', 'acme', 'db']);
    assert.equal(removed.code, 0, removed.stderr);
    const config = await firestoreRoutingConfig(cli.db).load('acme', new Date());
    assert.deepEqual(
      config.orgRoutes.map((r) => r.id),
      ['web'],
    );
    const again = await cli.run(['route', 'remove', '--org', 'acme', 'db']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no route db in org acme/);
  });

  it('adds a route muted in a stored time interval, refuses an unknown one, and route test says it is muted', async () => {
    await cli.addOrg('timed');
    const config = firestoreRoutingConfig(cli.db);
    // Holds at every moment, so the test does not depend on the hour it runs at.
    await config.putTimeInterval({ id: 'always', spans: [{}] });
    const typo = await cli.run([
      ...routeAdd('timed', 'night', '1', '--to', 'night@timed.example', '--mute-intervals', 'alwyas'),
    ]);
    assert.equal(typo.code, 2, typo.stderr);
    assert.match(typo.stderr, /--mute-intervals: no time interval "alwyas" \(stored: always\)/);
    assert.deepEqual((await config.listRoutes('timed')).items, []);

    const added = await cli.run([
      ...routeAdd('timed', 'night', '1', '--to', 'night@timed.example', '--mute-intervals', 'always'),
    ]);
    assert.equal(added.code, 0, added.stderr);
    const tested = await cli.run(['route', 'test', ALERT, '--org', 'timed']);
    assert.equal(tested.code, 0, tested.stderr);
    assert.match(tested.stdout, /Matched but muted now \(time intervals\):\n\s+org:night "night route"/);
    assert.match(tested.stdout, /muted by "always" with no end in sight/);
    const json = z
      .object({
        muted: z.array(z.object({ key: z.string() })),
        matched: z.array(z.object({ key: z.string() })),
      })
      .parse(await cli.json(['route', 'test', ALERT, '--org', 'timed']));
    assert.deepEqual(
      json.muted.map((m) => m.key),
      ['org:night'],
    );
    assert.ok(!json.matched.some((m) => m.key === 'org:night'), 'a muted route mails nobody');
  });

  it('stores a time interval from a file as written, refuses a malformed one naming the field, and lists them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intervals-'));
    const good = join(dir, 'business-hours.json');
    writeFileSync(good, JSON.stringify(BUSINESS_HOURS_JST));
    const put = await cli.run(['route', 'interval', 'put', good]);
    assert.equal(put.code, 0, put.stderr);
    assert.match(put.stdout, /Saved time interval business-hours \(1 span\(s\), Asia\/Tokyo\)/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ id: 'bad', spans: [{ weekdays: ['funday'] }] }));
    const refused = await cli.run(['route', 'interval', 'put', bad]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /spans\.0\.weekdays\.0: expected a weekday/);
    const listed = z
      .object({ intervals: z.array(z.object({ id: z.string(), holdsNow: z.boolean() })) })
      .parse(await cli.json(['route', 'interval', 'list']));
    assert.ok(listed.intervals.some((i) => i.id === 'business-hours'));
    assert.ok(!listed.intervals.some((i) => i.id === 'bad'));
    const table = await cli.run(['route', 'interval', 'list']);
    assert.match(table.stdout, /^business-hours\s+Asia\/Tokyo\s+(yes|no)\s+\d{4}-\d\d-\d\d \d\d:\d\d JST$/m);
  });
});
