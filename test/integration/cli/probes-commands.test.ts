/**
 * `msp-ops probes` as an operator runs it: the CLI in its own process against the Firestore emulator, the
 * local Secret Manager (each org's key) and the Mackerel stand-in (the org's hosts), probing HTTP servers
 * this test starts on 127.0.0.1 (a local session allows loopback; the metadata server never).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { MackerelStandin } from '../../../local/mackerel/mackerel-standin';
import { createLogger } from '../../../shared/kernel/log/logger';
import type { ApiHost } from '../../../shared/mackerel/api/host-schema';
import { apiKeySecretOf } from '../../../shared/mackerel/api/org-api-clients';
import { readTemplateFolder } from '../../../shared/monitors/adapters/read-template-folder';
import { parseTemplateFolder } from '../../../shared/monitors/templates/parse-template-folder';
import { renderOrg } from '../../../shared/monitors/templates/render-org';
import { templateErrorText } from '../../../shared/monitors/templates/template-error';
import { firestoreProbeDefinitions } from '../../../shared/probes/adapters/firestore-probe-definitions';
import { firestoreProbeRounds } from '../../../shared/probes/adapters/firestore-probe-rounds';
import { orgProbesSchema } from '../../../shared/probes/org-probes';
import { probeMonitors } from '../../../shared/probes/probe-monitors';
import type { ProbeRoundRecord } from '../../../shared/probes/probe-round-record';
import { type CliBackends, startCliBackends } from '../../support/cli-harness';
import { REPO_ROOT } from '../../support/repo-root';

/** Each test has an org of its own, so none depends on another's probes. */
const ORGS = ['listed', 'tested', 'guarded', 'watched', 'bare'] as const;
const keyOf = (org: string) => `key-${org}-0123456789`;

const host = (id: string, name: string, roles: Record<string, string[]>, ip: string): ApiHost => ({
  id,
  name,
  status: 'working',
  roles,
  interfaces: [{ name: 'eth0', ipv4Addresses: [ip] }],
});
const HOSTS = [
  host('h-web1', 'web01', { shop: ['web'] }, '10.0.0.11'),
  host('h-web2', 'web02', { shop: ['web'] }, '10.0.0.12'),
  host('h-db1', 'db01', { shop: ['db'] }, '10.0.0.21'),
];

let cli: CliBackends;
let mackerel: MackerelStandin;
let dir: string;
let env: Record<string, string>;
const servers: Server[] = [];
const hits = { up: 0, down: 0 };

/** A server answering every request with `status`, on an ephemeral port of 127.0.0.1. */
async function serve(status: number, counter: keyof typeof hits): Promise<string> {
  const server = createServer((_req, res) => {
    hits[counter]++;
    res.writeHead(status, { 'content-type': 'text/plain' }).end(`status ${status}`);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
}

before(async () => {
  cli = await startCliBackends('probes-commands');
  mackerel = new MackerelStandin({
    seed: { orgs: ORGS.map((org) => ({ name: org, displayName: org, apiKey: keyOf(org), hosts: HOSTS })) },
    port: 0,
    logger: createLogger({}, () => {}),
  });
  await mackerel.start();
  for (const org of ORGS) {
    await cli.addOrg(org);
    cli.secrets.setSecret(apiKeySecretOf(org), keyOf(org));
  }
  dir = await mkdtemp(join(tmpdir(), 'probes-'));
  env = { MACKEREL_API_BASE_URL: mackerel.baseUrl };
});

after(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await mackerel?.stop();
  await cli?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};
const probes = (args: string[]) => cli.run(['probes', ...args], { env });
const storedFor = (org: string) => firestoreProbeDefinitions(cli.db).get(org);

/** Stores the probes through the CLI, failing the test unless it exits 0. */
async function setProbes(org: string, document: unknown): Promise<void> {
  const path = await file(`${org}.json`, JSON.stringify(document));
  const result = await probes(['set', '--org', org, '--file', path]);
  assert.equal(result.code, 0, result.stderr);
}

const BAD_FILE = `probes:
  - id: fine
    kind: tcp
    address: "{{host.ipv4.eth0}}:22"
    targets: { service: shop }
  - id: not-a-url
    kind: http
    url: ftp://files.example.jp/
    targets: { service: shop }
  - id: ping
    kind: icmp
    targets: { service: shop }
  - id: fine
    kind: dns
    resolver: 8.8.8.8
    name: shop.example.jp
    type: A
    targets: { hostIds: [h-web1] }
    colour: blue
`;

const ROUND_AT = 1_767_225_600; // 2026-01-01 00:00 UTC, 09:00 JST

const roundRecord = (org: string): ProbeRoundRecord => ({
  org,
  chunk: 0,
  chunks: 1,
  roundAt: ROUND_AT,
  startedAtMs: ROUND_AT * 1000 + 1200,
  finishedAt: ROUND_AT + 3,
  targets: 3,
  ok: 2,
  failed: 1,
  elapsedMs: 812,
  maxInFlight: 3,
  failures: [{ probeId: 'shop-health', hostId: 'h-web2', kind: 'status', message: 'expected 2xx, got 503' }],
  problems: [
    {
      kind: 'template',
      probeId: 'db-port',
      hostId: 'h-db1',
      field: 'address',
      placeholder: '{{host.ipv4.eth1}}',
      message: 'host db01 (h-db1) has no interface "eth1" (it has: eth0)',
    },
  ],
  problemCount: 1,
  posted: 0,
  buffer: [
    { hostId: 'h-web1', name: 'custom.probe.http.ok.shop-health', time: ROUND_AT, value: 1 },
    { hostId: 'h-web2', name: 'custom.probe.http.ok.shop-health', time: ROUND_AT, value: 0 },
  ],
  droppedPoints: 0,
  rejectedPoints: 0,
  postError: 'Mackerel answered 503',
});

const LISTED = {
  probes: [
    {
      id: 'shop-health',
      kind: 'http',
      url: 'https://{{host.name}}.shop.example.jp/health',
      targets: { service: 'shop', roles: ['web'] },
      tlsDaysWarning: 30,
    },
    {
      id: 'db-port',
      kind: 'tcp',
      address: '{{host.ipv4.eth1}}:5432',
      targets: { hostIds: ['h-db1'] },
      enabled: false,
    },
    {
      id: 'shop-dns',
      kind: 'dns',
      resolver: '8.8.8.8',
      name: 'shop.example.jp',
      type: 'A',
      targets: { service: 'shop' },
    },
  ],
  settings: { allowRanges: ['10.0.0.0/24'] },
};

describe('msp-ops probes set', () => {
  it('refuses a bad file with exit 2, one line per problem naming probes.N.field, and stores nothing', async () => {
    const result = await probes(['set', '--org', 'listed', '--file', await file('bad.yaml', BAD_FILE)]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /invalid probes file .*bad\.yaml \(3 problems\), nothing stored/);
    const lines = result.stderr.split('\n').map((l) => l.trim());
    assert.ok(lines.includes('probes.1.url: expected an http:// or https:// URL (line 8)'), result.stderr);
    assert.ok(lines.some((l) => /^probes\.2\.kind: ICMP needs raw sockets.*use kind tcp/.test(l)));
    assert.ok(lines.includes('probes.3.colour: unknown key (line 19)'), result.stderr);
    assert.equal(result.stdout, '');
    // Ids are compared once every probe parses: the same file with the mistakes fixed.
    const fixed = BAD_FILE.replace('ftp://', 'https://')
      .replace('kind: icmp', 'kind: tcp\n    address: "{{host.ipv4}}:22"')
      .replace('    colour: blue\n', '');
    const twice = await probes(['set', '--org', 'listed', '--file', await file('twice.yaml', fixed)]);
    assert.equal(twice.code, 2, twice.stderr);
    assert.match(
      twice.stderr,
      /^ {2}probes\.3\.id: probe id fine is already used by probe 0: ids name the metrics \(line 14\)$/m,
    );
    assert.equal(await storedFor('listed'), null);
  });

  it('refuses a file that is not JSON, an unreadable file and an unknown org', async () => {
    const notJson = await probes(['set', '--org', 'listed', '--file', await file('x.json', '{"probes": [')]);
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /x\.json is not JSON/);
    const missing = await probes(['set', '--org', 'listed', '--file', join(dir, 'none.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*none\.yaml/);
    const good = await file('good.json', JSON.stringify(LISTED));
    const noOrg = await probes(['set', '--org', 'nobody', '--file', good]);
    assert.equal(noOrg.code, 1);
    assert.match(noOrg.stderr, /no org nobody/);
  });

  it('validates the example monitors/probes/demo.yaml with --dry-run, storing nothing', async () => {
    const example = join(REPO_ROOT, 'monitors', 'probes', 'demo.yaml');
    const result = await probes(['set', '--org', 'listed', '--file', example, '--dry-run']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^Valid \(dry run, nothing stored\): 3 probe\(s\) for listed \(http 1, tcp 1, dns 1; 3 enabled\)/,
    );
    assert.equal(await storedFor('listed'), null);
  });
});

describe('msp-ops probes list', () => {
  it("shows the stored probes, the last round's figures, its problems and failures", async () => {
    await setProbes('listed', LISTED);
    assert.deepEqual(await storedFor('listed'), orgProbesSchema.parse(LISTED));
    assert.ok(await firestoreProbeRounds(cli.db).write(roundRecord('listed'), undefined));

    const result = await probes(['list', '--org', 'listed']);
    assert.equal(result.code, 0, result.stderr);
    const out = result.stdout;
    assert.match(out, /^listed: 3 probe\(s\) \(http 1, tcp 1, dns 1\), allowRanges 10\.0\.0\.0\/24$/m);
    assert.match(
      out,
      /^shop-health\s+http\s+yes\s+service shop roles web\s+GET https:\/\/\{\{host\.name\}\}\.shop\.example\.jp\/health$/m,
    );
    assert.match(out, /^db-port\s+tcp\s+no\s+hosts h-db1\s+\{\{host\.ipv4\.eth1\}\}:5432$/m);
    assert.match(out, /^shop-dns\s+dns\s+yes\s+service shop\s+A shop\.example\.jp@8\.8\.8\.8$/m);
    assert.match(out, /^0\/1\s+2026-01-01 09:00 JST\s+3\s+2\s+1\s+2\s+1\s+Mackerel answered 503$/m);
    assert.match(out, /^problems \(1\):$/m);
    assert.match(out, /^template\s+db-port\s+h-db1\s+address\s+host db01 \(h-db1\) has no interface "eth1"/m);
    assert.match(out, /^failures \(1\):$/m);
    assert.match(out, /^shop-health\s+h-web2\s+status\s+expected 2xx, got 503$/m);

    const json = z
      .object({
        orgs: z.array(
          z.object({
            org: z.string(),
            probes: z.array(z.object({ id: z.string() })),
            rounds: z.array(z.object({ buffered: z.number(), problems: z.array(z.unknown()) })),
          }),
        ),
      })
      .parse(await cli.json(['probes', 'list'], { env }));
    const listed = json.orgs.find((o) => o.org === 'listed');
    assert.deepEqual(
      listed?.probes.map((p) => p.id),
      ['shop-health', 'db-port', 'shop-dns'],
    );
    assert.equal(listed?.rounds[0]?.buffered, 2);
    assert.equal(listed?.rounds[0]?.problems.length, 1);
  });

  it('says so for an org without probes or rounds', async () => {
    const result = await probes(['list', '--org', 'watched']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^watched: no probes stored$/m);
    assert.match(result.stdout, /^last round: none recorded$/m);
  });
});

describe('msp-ops probes test', () => {
  it('runs each target now: OK and FAIL with status and metrics, problems named, exit 1, nothing posted', async () => {
    const upUrl = await serve(200, 'up');
    const downUrl = await serve(500, 'down');
    await setProbes('tested', {
      probes: [
        { id: 'up', kind: 'http', url: upUrl, targets: { hostIds: ['h-web1'] } },
        { id: 'down', kind: 'http', url: downUrl, targets: { hostIds: ['h-web1'] } },
        {
          id: 'db',
          kind: 'tcp',
          address: '{{host.ipv4.eth1}}:5432',
          targets: { service: 'shop', roles: ['db'] },
        },
        { id: 'gone', kind: 'http', url: upUrl, targets: { hostIds: ['h-nowhere'] } },
        { id: 'off', kind: 'http', url: upUrl, targets: { hostIds: ['h-web1'] }, enabled: false },
      ],
    });
    const result = await probes(['test', '--org', 'tested']);
    assert.equal(result.code, 1, result.stderr);
    const out = result.stdout;
    assert.match(out, /^up\s+web01\s+OK\s+\d+\s+200\s+-$/m);
    assert.match(out, /^down\s+web01\s+FAIL\s+\d+\s+500\s+status: /m);
    assert.match(out, /^web01\s+custom\.probe\.http\.ok\.up\s+1$/m);
    assert.match(out, /^web01\s+custom\.probe\.http\.ok\.down\s+0$/m);
    assert.match(out, /^web01\s+custom\.probe\.http\.status_code\.down\s+500$/m);
    assert.match(out, /^web01\s+custom\.probe\.http\.duration_seconds\.up\s+\d/m);
    assert.match(
      out,
      /^template\s+db\s+db01 \(h-db1\)\s+address\s+host db01 \(h-db1\) has no interface "eth1"/m,
    );
    assert.match(out, /^host-missing\s+gone\s+h-nowhere\s+-\s+host h-nowhere no longer exists in the org$/m);
    assert.match(out, /^disabled, not run: off /m);
    assert.match(out, /^2 target\(s\): 1 OK, 1 failed; 2 problem\(s\)$/m);
    assert.deepEqual(hits, { up: 1, down: 1 }, 'each server asked once, the disabled probe not run');
    assert.deepEqual(mackerel.org('tested').hostMetrics, [], 'nothing posted');
  });

  it('exits 0 when every target passes; runs a disabled probe named with --probe; refuses an unknown id', async () => {
    const one = await probes(['test', '--org', 'tested', '--probe', 'up']);
    assert.equal(one.code, 0, one.stdout + one.stderr);
    assert.match(one.stdout, /^1 target\(s\): 1 OK, 0 failed; 0 problem\(s\)$/m);
    const off = z
      .object({ results: z.array(z.object({ probeId: z.string(), ok: z.boolean() })) })
      .parse(await cli.json(['probes', 'test', '--org', 'tested', '--probe', 'off'], { env }));
    assert.deepEqual(off.results, [{ ...off.results[0], probeId: 'off', ok: true }]);
    const unknown = await probes(['test', '--org', 'tested', '--probe', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /org tested has no probe nope; its probes: up, down, db, gone, off/);
  });

  it('refuses the metadata server with a policy failure, even in a local session', async () => {
    await setProbes('guarded', {
      probes: [
        {
          id: 'meta',
          kind: 'http',
          url: 'http://169.254.169.254/computeMetadata/v1/',
          targets: { hostIds: ['h-web1'] },
        },
      ],
      settings: { allowRanges: ['169.254.0.0/16'] },
    });
    const result = await probes(['test', '--org', 'guarded']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stdout,
      /^meta\s+web01\s+FAIL\s+\d+\s+-\s+policy: 169\.254\.169\.254 refused: 169\.254\.169\.254 is the cloud metadata server: never probed$/m,
    );
    assert.match(result.stdout, /^web01\s+custom\.probe\.http\.ok\.meta\s+0$/m);
  });
});

describe('msp-ops probes monitors', () => {
  it('prints a set file the monitors template parser accepts, for the org that carries its label only', async () => {
    await setProbes('watched', LISTED);
    const result = await probes(['monitors', '--org', 'watched']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^# Save as monitors\/sets\/probes-watched\.yaml and add the label probes-watched/m,
    );
    assert.doesNotMatch(result.stdout, /[&*]a\d/, 'no YAML anchors: each monitor reads on its own');
    assert.equal((result.stdout.match(/scopes: \["shop: web"\]/g) ?? []).length, 2, 'http check and TLS');
    const folder = parseTemplateFolder([
      { path: 'monitors/sets/probes-watched.yaml', text: result.stdout },
      { path: 'monitors/orgs/watched.yaml', text: 'labels: [probes-watched]\n' },
    ]);
    assert.deepEqual(folder.errors.map(templateErrorText), []);
    assert.deepEqual(folder.sets.flatMap((s) => s.errors).map(templateErrorText), []);
    const watched = renderOrg(folder, { name: 'watched' });
    assert.ok(watched.ok, watched.ok ? '' : watched.errors.map(templateErrorText).join('\n'));
    const expected = orgProbesSchema.parse(LISTED).probes.flatMap(probeMonitors);
    assert.equal(expected.length, 4, 'one per probe, and the TLS one');
    assert.deepEqual(
      watched.monitors.map((m) => ({ ...m.spec, memo: m.spec.memo?.split('\n')[0] })),
      expected,
    );
    assert.ok(watched.monitors.every((m) => m.set === 'probes-watched'));
    const other = renderOrg(folder, { name: 'listed' });
    assert.ok(other.ok);
    assert.deepEqual(other.monitors, [], 'an org without the label does not get them');
  });

  it('leaves monitors/probes/ out of the template folder, so the example is no stray file', async () => {
    const files = await readTemplateFolder(join(REPO_ROOT, 'monitors'));
    assert.ok(files.some((f) => f.path === 'monitors/probes/demo.yaml'));
    const folder = parseTemplateFolder(files);
    assert.deepEqual(folder.errors.map(templateErrorText), []);
    assert.ok(!folder.sets.some((s) => s.source.file.includes('probes/')));
    assert.match(await readFile(join(REPO_ROOT, 'monitors', 'README.md'), 'utf8'), /## Probes/);
  });

  it('refuses an org without stored probes, and an unknown org', async () => {
    const result = await probes(['monitors', '--org', 'bare']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /org bare has no probes stored .*msp-ops probes set --org bare/);
    const unknown = await probes(['monitors', '--org', 'nobody']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no org nobody/);
  });
});
