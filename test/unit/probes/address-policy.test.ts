import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAddress, checkHostname, resolveAndCheck } from '../../../shared/probes/address-policy';

const refused = (ip: string, allow: string[] = []) => {
  const verdict = checkAddress(ip, allow);
  assert.ok(!verdict.ok, `expected ${ip} to be refused`);
  return verdict.reason;
};
const allowed = (ip: string, allow: string[] = []) =>
  assert.deepEqual(checkAddress(ip, allow), { ok: true }, ip);

describe('address policy', () => {
  it('allows public addresses of both families', () => {
    allowed('8.8.8.8');
    allowed('1.1.1.1');
    allowed('2001:4860:4860::8888');
    allowed('192.88.99.1'); // routable anycast: nothing routable is refused
  });

  it('refuses every range that is not the internet, by name', () => {
    const cases: [string, RegExp][] = [
      ['127.0.0.1', /loopback/],
      ['0.0.0.0', /unspecified/],
      ['10.1.2.3', /private/],
      ['172.31.255.255', /private/],
      ['192.168.1.1', /private/],
      ['100.64.0.1', /carrier-grade NAT/],
      ['100.127.255.254', /carrier-grade NAT/],
      ['169.254.1.1', /link-local/],
      ['224.0.0.1', /multicast/],
      ['255.255.255.255', /broadcast/],
      ['240.0.0.1', /reserved/],
      ['198.18.0.1', /benchmarking/],
      ['198.19.255.255', /benchmarking/],
      ['192.0.2.1', /documentation/],
      ['198.51.100.1', /documentation/],
      ['203.0.113.1', /documentation/],
      ['::1', /loopback/],
      ['::', /unspecified/],
      ['fe80::1', /link-local/],
      ['fd12:3456::1', /unique local/],
      ['ff02::1', /multicast/],
      ['2001:db8::1', /documentation/],
      ['2001::1', /Teredo/],
      ['fec0::1', /not global unicast/],
    ];
    for (const [ip, reason] of cases) assert.match(refused(ip), reason, ip);
  });

  it('keeps 100.63 and 100.128 (outside CGNAT) and 172.32 (outside RFC 1918) allowed', () => {
    allowed('100.63.255.255');
    allowed('100.128.0.0');
    allowed('172.32.0.1');
  });

  it('judges IPv6 forms by the IPv4 they carry', () => {
    assert.match(refused('::ffff:10.0.0.1'), /^::ffff:10\.0\.0\.1 \(IPv4-mapped 10\.0\.0\.1\) is private/);
    assert.match(refused('::ffff:127.0.0.1'), /loopback: never probed/);
    allowed('::ffff:8.8.8.8');
    assert.match(refused('64:ff9b::a00:1'), /\(NAT64 10\.0\.0\.1\) is private/);
    allowed('64:ff9b::808:808');
    assert.match(refused('2002:c0a8:101::1'), /\(6to4 192\.168\.1\.1\) is private/);
    allowed('2002:808:808::1');
    assert.match(refused('64:ff9b:1::a00:1'), /local-use NAT64/);
  });

  it('refuses the metadata server by address, in every form', () => {
    for (const ip of [
      '169.254.169.254',
      '::ffff:169.254.169.254',
      '64:ff9b::a9fe:a9fe',
      '2002:a9fe:a9fe::1',
      'fd00:ec2::254',
      'fd20:ce::254',
    ]) {
      assert.match(refused(ip), /metadata server: never probed/, ip);
    }
  });

  it('honours allowRanges, but never for the metadata server, loopback or unspecified', () => {
    const allow = ['10.0.0.0/8', '169.254.0.0/16', '127.0.0.0/8', '0.0.0.0/0', '::/0', '192.0.2.0/24'];
    allowed('10.1.2.3', allow);
    allowed('::ffff:10.1.2.3', allow);
    allowed('192.0.2.10', allow);
    allowed('169.254.1.1', allow);
    allowed('fd12::1', allow);
    assert.match(refused('169.254.169.254', allow), /metadata server/);
    assert.match(refused('fd00:ec2::254', allow), /metadata server/);
    assert.match(refused('127.0.0.1', allow), /loopback/);
    assert.match(refused('::1', allow), /loopback/);
    assert.match(refused('0.0.0.0', allow), /unspecified/);
    assert.match(refused('10.1.2.3', ['10.2.0.0/16']), /private/);
  });

  it('refuses what is not a canonical IP address', () => {
    assert.match(refused('10.1'), /not an IP address/);
    assert.match(refused('0x7f.0.0.1'), /not an IP address/);
    assert.match(refused('example.jp'), /not an IP address/);
  });

  it('refuses the metadata and local host names before any lookup', () => {
    for (const name of [
      'metadata',
      'metadata.google.internal',
      'METADATA.google.internal.',
      'localhost',
      'a.localhost',
    ]) {
      assert.equal(checkHostname(name).ok, false, name);
    }
    assert.deepEqual(checkHostname('web01.example.jp'), { ok: true });
    assert.deepEqual(checkHostname('metadata.example.jp'), { ok: true });
  });
});

const countingLookup = (answers: Record<string, string[]>) => {
  const calls: string[] = [];
  const lookup = async (name: string) => {
    calls.push(name);
    const found = answers[name];
    if (!found) throw new Error('ENOTFOUND');
    return found;
  };
  return { lookup, calls };
};

describe('resolveAndCheck', () => {
  it('resolves once and picks the first allowed address, listing the refused ones', async () => {
    const { lookup, calls } = countingLookup({ 'web.example.jp': ['10.0.0.5', '8.8.4.4', '1.1.1.1'] });
    const resolution = await resolveAndCheck('web.example.jp', lookup, []);
    assert.equal(resolution.ok, true);
    assert.equal(resolution.ok && resolution.address, '8.8.4.4');
    assert.deepEqual(
      resolution.refused.map((r) => r.address),
      ['10.0.0.5'],
    );
    assert.deepEqual(calls, ['web.example.jp']);
  });

  it('fails as policy, naming every refused address, when all are refused', async () => {
    const { lookup, calls } = countingLookup({ 'rebind.example.jp': ['169.254.169.254', '192.168.0.1'] });
    const resolution = await resolveAndCheck('rebind.example.jp', lookup, []);
    assert.equal(resolution.ok, false);
    assert.equal(!resolution.ok && resolution.failure, 'policy');
    assert.match(
      !resolution.ok ? resolution.message : '',
      /169\.254\.169\.254 is the cloud metadata server.*192\.168\.0\.1 is private/,
    );
    assert.equal(calls.length, 1);
  });

  it('does not look up a refused name or an IP literal', async () => {
    const { lookup, calls } = countingLookup({});
    const byName = await resolveAndCheck('metadata.google.internal', lookup, []);
    assert.deepEqual(byName, {
      ok: false,
      failure: 'policy',
      message: 'metadata.google.internal is the cloud metadata server: never probed',
      refused: [],
    });
    assert.deepEqual(await resolveAndCheck('[2001:4860:4860::8888]', lookup, []), {
      ok: true,
      address: '2001:4860:4860::8888',
      refused: [],
    });
    const literal = await resolveAndCheck('10.0.0.1', lookup, []);
    assert.equal(!literal.ok && literal.failure, 'policy');
    assert.deepEqual(calls, []);
  });

  it('fails as dns when the name does not resolve or resolves to nothing', async () => {
    const { lookup } = countingLookup({ 'empty.example.jp': [] });
    const missing = await resolveAndCheck('gone.example.jp', lookup, []);
    assert.deepEqual(missing, {
      ok: false,
      failure: 'dns',
      message: 'gone.example.jp did not resolve: ENOTFOUND',
      refused: [],
    });
    const empty = await resolveAndCheck('empty.example.jp', lookup, []);
    assert.equal(!empty.ok && empty.message, 'empty.example.jp resolved to no address');
  });

  it('lets allowRanges pick a private address', async () => {
    const { lookup } = countingLookup({ 'vpn.example.jp': ['10.20.0.5'] });
    const resolution = await resolveAndCheck('vpn.example.jp', lookup, ['10.20.0.0/16']);
    assert.deepEqual(resolution, { ok: true, address: '10.20.0.5', refused: [] });
  });
});

describe('the local stack loopback switch', () => {
  it('lets loopback through and nothing else the policy refuses', () => {
    const local = { allowLoopback: true };
    assert.deepEqual(checkAddress('127.0.0.1', [], local), { ok: true });
    assert.deepEqual(checkAddress('::ffff:127.0.0.1', [], local), { ok: true });
    assert.equal(checkAddress('127.0.0.1', []).ok, false, 'off unless asked for');
    for (const ip of ['169.254.169.254', '0.0.0.0', '10.0.0.1', 'fd00:ec2::254']) {
      assert.equal(checkAddress(ip, [], local).ok, false, ip);
    }
  });
});
