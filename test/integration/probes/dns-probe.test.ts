import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningDnsServer, startDnsServer } from '../../../local/probes/dns-standin';
import { type DnsProbeTarget, dnsProbe } from '../../../shared/probes/adapters/dns-probe';
import { loopbackOnly } from './support/test-gate';

let server: RunningDnsServer;

before(async () => {
  server = await startDnsServer({
    'host.probe.test': { type: 'A', address: '192.0.2.10' },
    'alias.probe.test': { type: 'CNAME', target: 'Host.Probe.Test' },
    'broken.probe.test': { type: 'SERVFAIL' },
    'silent.probe.test': { type: 'SILENT' },
  });
});

after(() => server.close());

const deps = { checkResolver: loopbackOnly };

const target = (extra: Partial<DnsProbeTarget> = {}): DnsProbeTarget => ({
  probeId: 'd1',
  hostId: 'h1',
  resolver: { address: server.address, port: server.port },
  name: 'host.probe.test',
  type: 'A',
  expect: ['192.0.2.10'],
  rcode: 'NOERROR',
  timeoutMs: 1000,
  ...extra,
});

describe('dnsProbe against a local UDP DNS server', () => {
  it('an expected A answer is ok, and the result names the resolver', async () => {
    const result = await dnsProbe(target(), deps);
    assert.equal(result.ok, true, JSON.stringify(result.failure));
    assert.equal(result.kind, 'dns');
    assert.equal(result.address, '127.0.0.1');
    assert.ok(server.queries.includes('host.probe.test'));
  });

  it('an expected answer that is missing is a failure naming it', async () => {
    const result = await dnsProbe(target({ expect: ['192.0.2.10', '192.0.2.99'] }), deps);
    assert.equal(result.failure?.kind, 'body');
    assert.match(result.failure?.message ?? '', /192\.0\.2\.99/);
  });

  it('NXDOMAIN is ok when NXDOMAIN is expected, and a dns failure when NOERROR is', async () => {
    const expected = await dnsProbe(target({ name: 'gone.probe.test', expect: [], rcode: 'NXDOMAIN' }), deps);
    assert.equal(expected.ok, true, JSON.stringify(expected.failure));
    const unexpected = await dnsProbe(target({ name: 'gone.probe.test' }), deps);
    assert.equal(unexpected.failure?.kind, 'dns');
    assert.match(unexpected.failure?.message ?? '', /NXDOMAIN/);
  });

  it('SERVFAIL maps to its rcode', async () => {
    const result = await dnsProbe(target({ name: 'broken.probe.test', expect: [], rcode: 'SERVFAIL' }), deps);
    assert.equal(result.ok, true, JSON.stringify(result.failure));
  });

  it('a name with no record of the type is NOERROR with no answer', async () => {
    const empty = await dnsProbe(target({ type: 'AAAA', expect: [] }), deps);
    assert.equal(empty.ok, true, JSON.stringify(empty.failure));
    const wanted = await dnsProbe(target({ type: 'AAAA', expect: ['2001:db8::1'] }), deps);
    assert.equal(wanted.failure?.kind, 'body');
  });

  it('names compare without case or trailing dot', async () => {
    const result = await dnsProbe(
      target({ name: 'alias.probe.test', type: 'CNAME', expect: ['HOST.probe.test.'] }),
      deps,
    );
    assert.equal(result.ok, true, JSON.stringify(result.failure));
  });

  it('a resolver that never answers is a timeout within timeoutMs', async () => {
    const started = performance.now();
    const result = await dnsProbe(target({ name: 'silent.probe.test', timeoutMs: 300 }), deps);
    assert.equal(result.failure?.kind, 'timeout');
    assert.ok(performance.now() - started < 300 + 250);
  });

  it('a resolver outside the policy (the metadata address) is refused without a query', async () => {
    const before = server.queries.length;
    const result = await dnsProbe(target({ resolver: { address: '169.254.169.254', port: 53 } }), deps);
    assert.equal(result.failure?.kind, 'policy');
    assert.equal(server.queries.length, before);
    const named = await dnsProbe(target({ resolver: { address: 'dns.probe.test', port: 53 } }), deps);
    assert.equal(named.failure?.kind, 'policy');
  });
});
