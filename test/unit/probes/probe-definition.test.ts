import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusMatches } from '../../../shared/probes/expect-status';
import { ICMP_REFUSAL, probeDefinitionSchema } from '../../../shared/probes/probe-definition';
import { probeSettingsSchema } from '../../../shared/probes/probe-settings';

const http = {
  id: 'shop-health',
  kind: 'http',
  targets: { service: 'shop' },
  url: 'https://{{host.name}}.example.jp/health',
};

/** The issues of a refused definition, as `path: message`. */
const issuesOf = (input: unknown): string[] => {
  const parsed = probeDefinitionSchema.safeParse(input);
  assert.equal(parsed.success, false, 'expected the definition to be refused');
  return (parsed.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('probe definitions', () => {
  it('fills the defaults of an http probe', () => {
    assert.deepEqual(probeDefinitionSchema.parse(http), {
      ...http,
      enabled: true,
      method: 'GET',
      expectStatus: ['2xx'],
      followRedirects: 0,
      timeoutMs: 5000,
    });
  });

  it('parses tcp and dns probes, the resolver port defaulting later', () => {
    const tcp = probeDefinitionSchema.parse({
      id: 'pg',
      kind: 'tcp',
      targets: { hostIds: ['h1'] },
      address: '{{host.ipv4.eth0}}:5432',
    });
    assert.equal(tcp.kind === 'tcp' && tcp.timeoutMs, 5000);
    const dns = probeDefinitionSchema.parse({
      id: 'ns',
      kind: 'dns',
      targets: { service: 'dns', roles: ['auth'] },
      resolver: '{{host.ipv4}}',
      name: 'example.jp',
      type: 'A',
      expect: ['192.0.2.1'],
    });
    assert.equal(dns.kind === 'dns' && dns.rcode, 'NOERROR');
  });

  it('refuses icmp with the reason and what to use instead', () => {
    assert.deepEqual(issuesOf({ ...http, kind: 'icmp' }), [`kind: ${ICMP_REFUSAL}`]);
    assert.match(ICMP_REFUSAL, /raw sockets.*use kind tcp.*or http/);
    assert.deepEqual(issuesOf({ ...http, kind: 'ftp' }), ['kind: expected kind http, tcp or dns']);
  });

  it('refuses a regex that does not compile or is too long', () => {
    assert.match(
      issuesOf({ ...http, bodyRegex: '(unclosed' }).join('\n'),
      /^bodyRegex: not a valid regular expression/,
    );
    assert.match(issuesOf({ ...http, bodyRegex: 'a'.repeat(201) }).join('\n'), /^bodyRegex: /);
    const tcp = {
      id: 'ssh',
      kind: 'tcp',
      targets: { hostIds: ['h1'] },
      address: '{{host.name}}.example.jp:22',
    };
    assert.match(issuesOf({ ...tcp, expect: '[' }).join('\n'), /^expect: not a valid regular expression/);
  });

  it('allows tlsDaysWarning only for https', () => {
    assert.equal(probeDefinitionSchema.safeParse({ ...http, tlsDaysWarning: 30 }).success, true);
    assert.deepEqual(issuesOf({ ...http, url: 'http://{{host.name}}/', tlsDaysWarning: 30 }), [
      'tlsDaysWarning: only for https:// URLs: plain http has no certificate',
    ]);
  });

  it('enforces the limits', () => {
    assert.match(issuesOf({ ...http, timeoutMs: 10_001 }).join(), /^timeoutMs: /);
    assert.match(issuesOf({ ...http, followRedirects: 6 }).join(), /^followRedirects: /);
    assert.deepEqual(issuesOf({ ...http, maxLatencyMs: 5000 }), [
      'maxLatencyMs: must be below timeoutMs (5000)',
    ]);
    assert.deepEqual(issuesOf({ ...http, body: '{}' }), ['body: a body needs method POST']);
    assert.match(issuesOf({ ...http, expectStatus: ['2xx', 700] }).join(), /^expectStatus\.1: Too big/);
    assert.deepEqual(issuesOf({ ...http, expectStatus: ['2xy'] }), [
      'expectStatus.0: expected a status code (100-599) or a class such as 2xx',
    ]);
    assert.deepEqual(issuesOf({ ...http, headers: { Host: 'x', 'Bad Name': 'y' } }), [
      'headers.Host: set by the probe runner, not by a definition',
      'headers.Bad Name: expected an HTTP header name',
    ]);
    assert.match(issuesOf({ ...http, id: 'Shop.Health' }).join(), /^id: expected a probe id/);
    assert.match(issuesOf({ ...http, url: 'ftp://x/' }).join(), /^url: expected an http/);
  });

  it('refuses an unknown placeholder at parse time, naming the field', () => {
    const [issue, ...others] = issuesOf({ ...http, url: 'https://{{host.hostname}}/' });
    assert.match(
      issue ?? '',
      /^url: unknown placeholder "\{\{host\.hostname\}\}" \(there are \{\{host\.name\}\}/,
    );
    assert.deepEqual(others, []);
    assert.match(
      issuesOf({ ...http, headers: { 'X-Id': '{{org.name}}' } }).join(),
      /^headers\.X-Id: unknown placeholder/,
    );
  });

  it('refuses a tcp address without a port and a dns resolver that is a name', () => {
    const tcp = { id: 'ssh', kind: 'tcp', targets: { hostIds: ['h1'] } };
    assert.match(issuesOf({ ...tcp, address: '{{host.name}}' }).join(), /^address: expected host:port/);
    assert.match(issuesOf({ ...tcp, address: 'x:70000' }).join(), /^address: expected host:port/);
    const dns = { id: 'ns', kind: 'dns', targets: { hostIds: ['h1'] }, name: 'example.jp', type: 'A' };
    assert.match(issuesOf({ ...dns, resolver: 'dns.google' }).join(), /^resolver: expected an IP address/);
    for (const resolver of ['8.8.8.8', '8.8.8.8:5353', '[2001:4860:4860::8888]:53', '2001:4860:4860::8888']) {
      assert.equal(probeDefinitionSchema.safeParse({ ...dns, resolver }).success, true, resolver);
    }
  });

  it('names the field of a wrong target form, and refuses unknown keys', () => {
    assert.deepEqual(issuesOf({ ...http, targets: { hostIds: [] } }), [
      'targets.hostIds: Too small: expected array to have >=1 items',
    ]);
    assert.deepEqual(issuesOf({ ...http, targets: { service: 'shop', roles: ['web'], hostIds: ['h1'] } }), [
      'targets: give hostIds or service, not both',
    ]);
    assert.deepEqual(issuesOf({ ...http, targets: { service: 'shop', role: 'web' } }), [
      'targets: Unrecognized key: "role"',
    ]);
    assert.deepEqual(issuesOf({ ...http, targets: {} }), [
      'targets: expected { hostIds: [...] } or { service, roles? }',
    ]);
    assert.match(issuesOf({ ...http, target: 'x' }).join(), /Unrecognized key: "target"/);
  });

  it('matches statuses by code and by class', () => {
    assert.equal(statusMatches(['2xx'], 204), true);
    assert.equal(statusMatches(['2xx'], 301), false);
    assert.equal(statusMatches([301, '4xx'], 301), true);
    assert.equal(statusMatches([301, '4xx'], 404), true);
    assert.equal(statusMatches([301], 302), false);
  });

  it('reads probe settings, allowRanges defaulting to none', () => {
    assert.deepEqual(probeSettingsSchema.parse({}), { allowRanges: [] });
    assert.deepEqual(probeSettingsSchema.parse({ allowRanges: ['10.20.0.0/16', 'fd00::/8'] }).allowRanges, [
      '10.20.0.0/16',
      'fd00::/8',
    ]);
    assert.equal(probeSettingsSchema.safeParse({ allowRanges: ['10.20.0.0'] }).success, false);
  });
});
