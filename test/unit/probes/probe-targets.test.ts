import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ProbeDefinition, probeDefinitionSchema } from '../../../shared/probes/probe-definition';
import { probeTargets } from '../../../shared/probes/probe-targets';
import { hostOf, web01 } from './probe-fixtures';

const probe = (input: Record<string, unknown>): ProbeDefinition => probeDefinitionSchema.parse(input);

const tcpOn = (targets: unknown) => probe({ id: 'ssh', kind: 'tcp', targets, address: '{{host.ipv4}}:22' });

const hosts = [
  web01,
  hostOf('h2', { roles: ['shop:db'] }),
  hostOf('h3', { roles: ['shop:web'], status: 'poweroff' }),
  hostOf('h4', { roles: ['shop:web'], status: 'maintenance' }),
  hostOf('h5', { roles: ['blog:web'] }),
  hostOf('h6', { roles: ['shop:web'], isRetired: true }),
];

const hostIdsOf = (definition: ProbeDefinition) =>
  probeTargets([definition], hosts).targets.map((t) => t.hostId);

describe('probe targets', () => {
  it('selects a service, or only its roles; skips poweroff and retired, keeps maintenance', () => {
    assert.deepEqual(hostIdsOf(tcpOn({ service: 'shop' })), ['2dZhost01', 'h2', 'h4']);
    assert.deepEqual(hostIdsOf(tcpOn({ service: 'shop', roles: ['web'] })), ['2dZhost01', 'h4']);
    assert.deepEqual(hostIdsOf(tcpOn({ service: 'blog' })), ['h5']);
  });

  it('reports listed hosts that are gone or retired; a powered-off one is skipped quietly', () => {
    const plan = probeTargets([tcpOn({ hostIds: ['h2', 'gone', 'h6', 'h3', 'h2'] })], hosts);
    assert.deepEqual(
      plan.targets.map((t) => t.hostId),
      ['h2'],
    );
    assert.deepEqual(plan.problems, [
      {
        kind: 'host-missing',
        probeId: 'ssh',
        hostId: 'gone',
        message: 'host gone no longer exists in the org',
      },
      { kind: 'host-missing', probeId: 'ssh', hostId: 'h6', message: 'host host-h6 (h6) is retired' },
    ]);
  });

  it('renders a tcp target with host and port, an IPv6 bracketed in the address', () => {
    const plan = probeTargets(
      [
        probe({
          id: 'pg',
          kind: 'tcp',
          targets: { hostIds: ['2dZhost01'] },
          address: '{{host.ipv6.eth0}}:5432',
        }),
      ],
      hosts,
    );
    assert.deepEqual(plan.targets, [
      {
        kind: 'tcp',
        probeId: 'pg',
        hostId: '2dZhost01',
        hostName: 'web01',
        address: '[2001:db8::10]:5432',
        host: '2001:db8::10',
        port: 5432,
        timeoutMs: 5000,
      },
    ]);
  });

  it('renders an http target: url, header values and body', () => {
    const definition = probe({
      id: 'api',
      kind: 'http',
      targets: { hostIds: ['2dZhost01'] },
      url: 'https://{{host.name}}.example.jp/health?id={{host.customIdentifier}}',
      method: 'POST',
      headers: { 'X-Host': '{{host.id}}' },
      body: '{"host":"{{host.name}}"}',
      tlsDaysWarning: 21,
    });
    const [target] = probeTargets([definition], hosts).targets;
    assert.deepEqual(target, {
      kind: 'http',
      probeId: 'api',
      hostId: '2dZhost01',
      hostName: 'web01',
      url: 'https://web01.example.jp/health?id=i-0abc',
      method: 'POST',
      headers: { 'X-Host': '2dZhost01' },
      body: '{"host":"web01"}',
      expectStatus: ['2xx'],
      tlsDaysWarning: 21,
      followRedirects: 0,
      timeoutMs: 5000,
    });
  });

  it('renders a dns target with the host as its resolver, port 53 by default', () => {
    const definition = probe({
      id: 'ns',
      kind: 'dns',
      targets: { hostIds: ['h2'] },
      resolver: '{{host.ipv4.eth0}}',
      name: '{{host.name}}.example.jp',
      type: 'AAAA',
    });
    const [target] = probeTargets([definition], hosts).targets;
    assert.deepEqual(target, {
      kind: 'dns',
      probeId: 'ns',
      hostId: 'h2',
      hostName: 'host-h2',
      resolver: { address: '203.0.113.7', port: 53 },
      name: 'host-h2.example.jp',
      type: 'AAAA',
      rcode: 'NOERROR',
      timeoutMs: 5000,
    });
  });

  it('reports a host that cannot fill a template, and still probes the others', () => {
    const definition = probe({
      id: 'pg',
      kind: 'tcp',
      targets: { service: 'shop' },
      address: '{{host.ipv4.eth1}}:5432',
    });
    const plan = probeTargets([definition], hosts);
    assert.deepEqual(
      plan.targets.map((t) => t.hostId),
      ['2dZhost01'],
    );
    assert.deepEqual(plan.problems[0], {
      kind: 'template',
      probeId: 'pg',
      hostId: 'h2',
      field: 'address',
      placeholder: '{{host.ipv4.eth1}}',
      message: 'host host-h2 (h2) has no interface "eth1" (it has: eth0)',
    });
    assert.equal(plan.problems.length, 2);
  });

  it('reports a rendered value that is not usable', () => {
    const odd = hostOf('h7', { name: 'bad name', roles: ['odd:web'] });
    const definition = probe({
      id: 'web',
      kind: 'http',
      targets: { service: 'odd' },
      url: 'https://{{host.name}}/',
    });
    const dns = probe({
      id: 'ns',
      kind: 'dns',
      targets: { service: 'odd' },
      resolver: '8.8.8.8',
      name: '{{host.name}}',
      type: 'A',
    });
    const plan = probeTargets([definition, dns], [odd]);
    assert.deepEqual(
      plan.problems.map((p) => [p.probeId, p.kind === 'template' ? p.field : '', p.message]),
      [
        ['web', 'url', 'https://bad name/ is not an http(s) URL once rendered for host bad name (h7)'],
        ['ns', 'name', 'bad name is not a DNS name once rendered for host bad name (h7)'],
      ],
    );
  });

  it('leaves disabled probes out', () => {
    const disabled = probe({
      id: 'ssh',
      kind: 'tcp',
      enabled: false,
      targets: { service: 'shop' },
      address: 'x:22',
    });
    assert.deepEqual(probeTargets([disabled], hosts), { targets: [], problems: [] });
  });
});
