import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generatedApiKey, generateSeed } from '../../../../local/mackerel/generate-seed';
import { StandinOrg } from '../../../../local/mackerel/standin-org';
import { parseStandinSeed, readStandinSeed, standinSeedPath } from '../../../../local/mackerel/standin-seed';
import { REPO_ROOT } from '../../../support/repo-root';

const SEED_FILE = join(REPO_ROOT, 'local/mackerel/seed.json');

describe('the default stand-in seed (local/mackerel/seed.json)', () => {
  it('is what npm start serves unless MACKEREL_STANDIN_SEED names another', () => {
    assert.equal(standinSeedPath({}), SEED_FILE);
    assert.equal(standinSeedPath({ MACKEREL_STANDIN_SEED: '/tmp/other.json' }), '/tmp/other.json');
  });

  it('holds demo, acme and msp-self in REST API shapes', async () => {
    const seed = parseStandinSeed(await readStandinSeed(SEED_FILE), 'test');
    assert.deepEqual(
      seed.orgs.map((org) => org.name),
      ['demo', 'acme', 'msp-self'],
    );
    const demo = seed.orgs[0];
    assert.ok(demo);
    assert.equal(demo.apiKey, 'demo-local-api-key');
    const statuses = new Set(demo.hosts.filter((h) => !h.isRetired).map((h) => h.status));
    assert.deepEqual([...statuses].sort(), ['maintenance', 'poweroff', 'standby', 'working']);
    assert.ok(demo.hosts.some((h) => h.meta?.cloud?.provider === 'ec2'));
    assert.ok(demo.alerts.length >= 2);
    assert.ok(demo.monitors.length >= 2);
    const webhook = demo.channels.find((c) => c.type === 'webhook');
    assert.ok(webhook?.url?.startsWith('http://127.0.0.1:8080/'));
  });
});

describe('seed validation', () => {
  const org = { name: 'a', displayName: null, apiKey: 'k1' };

  it('names the bad field of a seed object', () => {
    const bad = { orgs: [{ ...org, hosts: [{ id: 'h', name: 'x', createdAt: 'soon', status: 'working' }] }] };
    assert.throws(() => parseStandinSeed(bad, 'inline'), /at orgs\[0\]\.hosts\[0\]\.createdAt/);
  });

  it('refuses duplicate org names, shared keys (without quoting them) and duplicate ids', () => {
    assert.throws(
      () => parseStandinSeed({ orgs: [org, { ...org, apiKey: 'k2' }] }, 's'),
      /duplicate org name a/,
    );
    assert.throws(
      () => parseStandinSeed({ orgs: [org, { ...org, name: 'b' }] }, 's'),
      (error: Error) => /share an apiKey/.test(error.message) && !error.message.includes('k1'),
    );
    const monitor = { id: 'm', type: 'connectivity' };
    assert.throws(
      () => parseStandinSeed({ orgs: [{ ...org, monitors: [monitor, monitor] }] }, 's'),
      /duplicate monitor id m/,
    );
    const downtime = { id: 'd', name: 'nightly', start: 0, duration: 60 };
    assert.throws(
      () => parseStandinSeed({ orgs: [{ ...org, downtimes: [downtime, downtime] }] }, 's'),
      /duplicate downtime id d/,
    );
  });

  it('gives an org no downtimes and a key with write permission unless it says otherwise', () => {
    const [plain, viewer] = parseStandinSeed(
      { orgs: [org, { ...org, name: 'b', apiKey: 'k2', readOnly: true }] },
      's',
    ).orgs;
    assert.deepEqual([plain?.downtimes, plain?.readOnly, viewer?.readOnly], [[], false, true]);
  });
});

describe('generateSeed', () => {
  it('builds valid, distinct orgs of the requested size', () => {
    const seed = parseStandinSeed(generateSeed({ orgs: 3, hostsPerOrg: 12, latencyMs: 50 }), 'generated');
    assert.equal(seed.orgs.length, 3);
    assert.equal(new Set(seed.orgs.map((o) => o.apiKey)).size, 3);
    assert.equal(seed.orgs[2]?.apiKey, generatedApiKey('org-0003'));
    for (const org of seed.orgs) {
      assert.equal(org.hosts.length, 12);
      assert.equal(org.latencyMs, 50);
    }
  });
});

describe('StandinOrg queries', () => {
  const alert = (id: string, openedAt: number, closedAt?: number) => ({
    id,
    status: closedAt === undefined ? 'CRITICAL' : 'OK',
    monitorId: 'm',
    type: 'host',
    hostId: 'h1',
    openedAt,
    closedAt,
  });
  const build = () =>
    new StandinOrg(
      parseStandinSeed(
        {
          orgs: [
            {
              name: 'o',
              displayName: null,
              apiKey: 'k',
              alerts: [alert('a1', 100), alert('a2', 300, 350), alert('a3', 200), alert('a4', 300)],
            },
          ],
        },
        't',
      ).orgs[0] ?? assert.fail('no org'),
    );

  it('pages newest first; of equal openedAt the later added comes first', () => {
    const org = build();
    const ids = (page: ReturnType<StandinOrg['listAlerts']>) =>
      'alerts' in page ? page.alerts.map((a) => a.id) : assert.fail('unknown nextId');
    const first = org.listAlerts({ withClosed: true, limit: 2 });
    assert.deepEqual(ids(first), ['a4', 'a2']);
    assert.ok('nextId' in first && first.nextId === 'a2');
    const second = org.listAlerts({ withClosed: true, limit: 2, nextId: 'a2' });
    assert.deepEqual(ids(second), ['a3', 'a1']);
    assert.equal('nextId' in second ? second.nextId : undefined, undefined);
    assert.deepEqual(ids(org.listAlerts({ withClosed: false, limit: 100 })), ['a4', 'a3', 'a1']);
    assert.deepEqual(org.listAlerts({ withClosed: false, limit: 1, nextId: 'zz' }), { unknownNextId: true });
  });

  it('retiring a host closes its open alerts', () => {
    const org = build();
    org.putHost({ id: 'h1', name: 'x', createdAt: 1, status: 'working', isRetired: false, roles: {} });
    assert.equal(org.retireHost('h1', 999), true);
    const page = org.listAlerts({ withClosed: false, limit: 100 });
    assert.deepEqual('alerts' in page ? page.alerts : undefined, []);
    assert.equal(org.getHost('h1')?.retiredAt, 999);
    assert.equal(org.retireHost('nope', 1), false);
  });
});
