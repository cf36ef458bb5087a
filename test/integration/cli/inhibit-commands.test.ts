import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { firestoreAlertStates } from '../../../shared/alerting/adapters/firestore-alert-states';
import { firestoreRoutingConfig } from '../../../shared/alerting/adapters/firestore-routing-config';
import { HOST_DOWN_INHIBITS_HOST_ALERTS } from '../../../shared/routing/inhibition/host-down-rule';
import { alertState } from '../../support/alert-state-factory';
import { type CliBackends, startCliBackends } from '../../support/cli-harness';
import { FIXTURE_DIR } from '../../support/fixtures';

let cli: CliBackends;
let dir: string;
const ALERT = join(FIXTURE_DIR, 'alert-host-critical.json');

before(async () => {
  cli = await startCliBackends();
  await cli.addOrg('acme');
  await cli.addOrg('other');
  dir = mkdtempSync(join(tmpdir(), 'inhibit-rules-'));
});
after(() => cli?.stop());

/** A JSON file with `body`, its path. */
function file(name: string, body: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
}

const listedSchema = z.object({
  rules: z.array(z.object({ org: z.string(), id: z.string(), enabled: z.boolean() })),
  problems: z.array(z.object({ path: z.string(), issues: z.array(z.string()) })),
});

describe('msp-ops route inhibit', () => {
  it("stores an org's rule and MSP-wide rules from files, and lists them", async () => {
    const put = await cli.run([
      'route',
      'inhibit',
      'put',
      file('host-down.json', HOST_DOWN_INHIBITS_HOST_ALERTS),
      '--org',
      'acme',
    ]);
    assert.equal(put.code, 0, put.stderr);
    assert.match(
      put.stdout,
      /^Saved inhibit rule host-down in org acme: while type=connectivity is open, any event waits \(same org, host\)$/m,
    );
    const msp = [
      {
        id: 'check-down',
        name: 'a failing check holds its service back',
        source: { alertTypes: ['check'] },
        target: { alertTypes: ['service'] },
        equal: ['org', 'service'],
      },
      { id: 'other-only', name: 'only for other', source: {}, target: {}, orgs: ['other'], enabled: false },
    ];
    const stored = z
      .object({ org: z.string(), rules: z.array(z.object({ id: z.string() })) })
      .parse(await cli.json(['route', 'inhibit', 'put', file('msp.json', msp), '--all-orgs']));
    assert.equal(stored.org, '*');
    assert.deepEqual(
      stored.rules.map((r) => r.id),
      ['check-down', 'other-only'],
    );

    const acme = listedSchema.parse(await cli.json(['route', 'inhibit', 'list', '--org', 'acme']));
    assert.deepEqual(
      acme.rules.map((r) => `${r.org}/${r.id}`),
      ['acme/host-down', '*/check-down'],
    );
    const every = listedSchema.parse(await cli.json(['route', 'inhibit', 'list']));
    assert.deepEqual(
      every.rules.map((r) => `${r.org}/${r.id}`),
      ['acme/host-down', '*/check-down', '*/other-only'],
    );
    const table = await cli.run(['route', 'inhibit', 'list']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^ORG\s+ID\s+NAME\s+SOURCE\s+TARGET\s+EQUAL\s+ENABLED$/m);
    assert.match(table.stdout, /^acme\s+host-down\s+.*\s+type=connectivity\s+any event\s+org,host\s+yes$/m);
    assert.match(table.stdout, /^\* \(other\)\s+other-only\s+.*\s+no$/m);
    const config = await firestoreRoutingConfig(cli.db).load('acme', new Date());
    assert.deepEqual(
      config.inhibitRules.map((r) => r.id),
      ['host-down', 'check-down'],
    );
  });

  it('refuses a bad file with exit 2 naming the field, and writes nothing', async () => {
    const refused = async (args: string[], pattern: RegExp) => {
      const run = await cli.run(['route', 'inhibit', 'put', ...args]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, pattern);
    };
    const misspelt = { id: 'typo', name: 'typo', source: { alertType: ['connectivity'] }, target: {} };
    await refused(
      [file('typo.json', misspelt), '--org', 'acme'],
      /invalid inhibit rule: source: Unrecognized key: "alertType"/,
    );
    const good = { id: 'fine', name: 'fine', source: {}, target: {} };
    await refused(
      [file('list.json', [good, { ...good, id: 'twice-equal', equal: ['host', 'host'] }]), '--org', 'acme'],
      /invalid inhibit rules: 1\.equal: list each field once/,
    );
    await refused([file('dup.json', [good, good]), '--org', 'acme'], /id "fine" is given twice/);
    await refused(
      [file('orgs.json', { ...good, orgs: ['acme'] }), '--org', 'acme'],
      /Unrecognized key: "orgs"/,
    );
    await refused([file('not.json', '{ nope'), '--org', 'acme'], /is not JSON/);
    await refused([file('good.json', good)], /--org: give either --org <org> or --all-orgs/);
    await refused([file('good.json', good), '--org', 'acme', '--all-orgs'], /give either/);
    const listed = listedSchema.parse(await cli.json(['route', 'inhibit', 'list', '--org', 'acme']));
    assert.ok(!listed.rules.some((r) => r.id === 'fine' || r.id === 'typo'));

    const unknown = await cli.run(['route', 'inhibit', 'put', file('good.json', good), '--org', 'nobody']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no org nobody/);
  });

  it('route test says an event is not mailed now while an open alert of the org inhibits it', async () => {
    const connectivity = alertState({
      org: 'acme',
      alertId: 'ConnWeb01',
      type: 'connectivity',
      monitorName: 'connectivity',
      target: 'web01',
      hostName: 'web01',
      routing: {
        org: 'acme',
        eventType: 'alert',
        alertType: 'connectivity',
        severity: 'critical',
        services: ['shop'],
        roles: ['shop:web'],
        hostName: 'web01',
        monitorName: 'connectivity',
        isOpen: true,
      },
    });
    await firestoreAlertStates(cli.db).put(
      'acme',
      { kind: 'alert', id: 'ConnWeb01' },
      connectivity,
      undefined,
    );
    const tested = await cli.run(['route', 'test', ALERT, '--org', 'acme']);
    assert.equal(tested.code, 0, tested.stderr);
    assert.match(
      tested.stdout,
      /Not mailed now: inhibited by rule "connectivity lost: the host's other alerts wait" while alert ConnWeb01 \("connectivity"\) is open\./,
    );
    const json = z
      .object({ mailed: z.boolean(), suppression: z.object({ kind: z.string() }).nullable() })
      .parse(await cli.json(['route', 'test', ALERT, '--org', 'acme']));
    assert.equal(json.mailed, false);
    assert.equal(json.suppression?.kind, 'inhibition');
    // Another org's open alerts inhibit nothing here.
    const other = await cli.run(['route', 'test', ALERT, '--org', 'other']);
    assert.doesNotMatch(other.stdout, /inhibited/);
  });
});
