import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checksText,
  orgsToName,
  type ProbesInput,
  probesView,
  targetsText,
} from '../../../../shared/console/views/probes-view';
import { demoProbes, failingRecord, NOW, NOW_SECONDS, orgProbes, roundRecord } from '../probe-fixtures';

const acmeProbes = orgProbes({
  probes: [
    { id: 'portal', kind: 'http', url: 'https://portal.acme.example/', targets: { service: 'portal' } },
  ],
});

const input = (overrides: Partial<ProbesInput> = {}): ProbesInput => ({
  orgs: [
    { name: 'demo', enabled: true },
    { name: 'acme', enabled: true },
  ],
  definitions: [
    { org: 'demo', probes: demoProbes },
    { org: 'acme', probes: acmeProbes },
  ],
  records: [failingRecord(), roundRecord({ org: 'acme', targets: 2, ok: 2 })],
  hostNames: new Map([['demo', new Map([['3xStaging01', 'staging01']])]]),
  ...overrides,
});

describe('probes view', () => {
  it('sums the probed orgs into the summary, and lists failures and problems by org, probe and host', () => {
    const view = probesView(input(), {}, NOW);
    assert.deepEqual(view.summary, {
      orgsProbed: 2,
      targets: 6,
      ok: 4,
      failed: 2,
      buffered: 0,
      chunksBehind: 0,
    });
    assert.deepEqual(
      view.failures.map((f) => [f.org, f.probeId, f.hostId, f.hostName, f.kind]),
      [
        ['demo', 'shop-health', '3xBatch01', undefined, 'policy'],
        ['demo', 'staging-health', '3xStaging01', 'staging01', 'status'],
      ],
    );
    assert.deepEqual(
      view.problems.map((p) => [p.org, p.probeId, p.hostId, p.kind]),
      [['demo', 'staging-health', '3xRetired01', 'host-missing']],
    );
    assert.deepEqual(
      view.probes.map((p) => `${p.org}/${p.probe.id}`),
      ['acme/portal', 'demo/shop-health', 'demo/staging-health', 'demo/db-port', 'demo/www-dns'],
      'orgs by name, each org its probes in the order defined',
    );
  });

  it('says what each probe checks and targets', () => {
    const [http, hosts, tcp, dns] = demoProbes.probes;
    assert.ok(http && hosts && tcp && dns);
    assert.equal(checksText(http), 'GET https://{{host.name}}.shop.example/health');
    assert.equal(checksText(tcp), '{{host.ipv4.eth0}}:5432');
    assert.equal(checksText(dns), 'A www.shop.example@8.8.8.8');
    assert.equal(targetsText(http.targets), 'service shop, roles web, app');
    assert.equal(targetsText(tcp.targets), 'service shop');
    assert.equal(targetsText(hosts.targets), 'hosts 3xStaging01, 3xRetired01');
  });

  it('counts a chunk behind when its record is older than 2 minutes or missing, and ignores a chunk left from a bigger round', () => {
    const records = [
      roundRecord({
        chunks: 3,
        targets: 100,
        ok: 100,
        buffer: [{ hostId: 'h', name: 'm', time: 1, value: 1 }],
      }),
      roundRecord({ chunk: 1, chunks: 3, roundAt: NOW_SECONDS - 180, targets: 100, ok: 99, failed: 1 }),
      // Chunk 2 never recorded; chunk 3 is from when the org had four chunks.
      roundRecord({ chunk: 3, chunks: 4, roundAt: NOW_SECONDS - 3600, targets: 7, ok: 0, failed: 7 }),
    ];
    const view = probesView(input({ records, definitions: [{ org: 'demo', probes: demoProbes }] }), {}, NOW);
    const [demo] = view.rounds;
    assert.ok(demo);
    assert.equal(demo.chunks, 3);
    assert.equal(demo.behind, 2);
    assert.equal(demo.roundAt, NOW_SECONDS - 180, 'the oldest current chunk');
    assert.deepEqual(
      [demo.targets, demo.ok, demo.failed, demo.buffered],
      [200, 199, 1, 1],
      'chunk 3 left out',
    );
    assert.equal(view.summary.chunksBehind, 2);
  });

  it('counts an org with probes and no record yet as one chunk behind', () => {
    const view = probesView(input({ records: [] }), {}, NOW);
    assert.equal(view.summary.chunksBehind, 2);
    assert.deepEqual(
      view.rounds.map((r) => [r.org, r.roundAt, r.behind]),
      [
        ['acme', null, 1],
        ['demo', null, 1],
      ],
    );
  });

  it('leaves orgs the round skips out of the summary and failures, and says why', () => {
    const view = probesView(
      input({
        orgs: [
          { name: 'demo', enabled: false },
          { name: 'acme', enabled: true },
        ],
        definitions: [
          { org: 'demo', probes: demoProbes },
          {
            org: 'acme',
            probes: orgProbes({ probes: acmeProbes.probes.map((p) => ({ ...p, enabled: false })) }),
          },
        ],
        records: [failingRecord({ roundAt: NOW_SECONDS - 86_400 }), roundRecord({ org: 'gone', failed: 1 })],
      }),
      {},
      NOW,
    );
    assert.equal(view.summary.orgsProbed, 0);
    assert.equal(view.summary.chunksBehind, 0, 'no round is due for them');
    assert.deepEqual(view.failures, []);
    assert.deepEqual(view.problems, []);
    assert.deepEqual(
      view.rounds.map((r) => [r.org, r.notProbed]),
      [
        ['acme', 'no-enabled-probe'],
        ['demo', 'org-disabled'],
        ['gone', 'no-such-org'],
      ],
    );
  });

  it('keeps to the org filtered on', () => {
    const view = probesView(input(), { org: 'acme' }, NOW);
    assert.deepEqual(
      view.rounds.map((r) => r.org),
      ['acme'],
    );
    assert.deepEqual(
      view.probes.map((p) => p.probe.id),
      ['portal'],
    );
    assert.deepEqual(view.failures, []);
    assert.equal(view.summary.orgsProbed, 1);
  });

  it('counts failures and problems a record had but did not keep', () => {
    const view = probesView(
      input({ records: [failingRecord({ failed: 60, ok: 0, problemCount: 3 })] }),
      {},
      NOW,
    );
    assert.equal(view.unlistedFailures, 58);
    assert.equal(view.unlistedProblems, 2);
  });

  it('names hosts only of orgs with something listed', () => {
    assert.deepEqual(orgsToName([failingRecord(), roundRecord({ org: 'acme' })]), ['demo']);
  });
});
