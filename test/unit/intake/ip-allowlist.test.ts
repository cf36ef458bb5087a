import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIpAllowlist } from '../../../shared/intake/ip-allowlist';

describe('createIpAllowlist', () => {
  it('allows addresses inside an IPv4 CIDR and nothing next to it', () => {
    const list = createIpAllowlist(['203.0.113.0/24']);
    assert.equal(list.allows('203.0.113.0'), true);
    assert.equal(list.allows('203.0.113.255'), true);
    assert.equal(list.allows('203.0.112.255'), false);
    assert.equal(list.allows('203.0.114.0'), false);
  });

  it('allows addresses inside an IPv6 CIDR', () => {
    const list = createIpAllowlist(['2001:db8:10::/48']);
    assert.equal(list.allows('2001:db8:10::1'), true);
    assert.equal(list.allows('2001:db8:10:ffff:ffff:ffff:ffff:ffff'), true);
    assert.equal(list.allows('2001:db8:11::1'), false);
  });

  it('treats a bare address as a single host (/32 or /128)', () => {
    const list = createIpAllowlist(['198.51.100.7', '2001:db8::7']);
    assert.equal(list.allows('198.51.100.7'), true);
    assert.equal(list.allows('198.51.100.8'), false);
    assert.equal(list.allows('2001:db8::7'), true);
    assert.equal(list.allows('2001:db8::8'), false);
  });

  it('combines several ranges of both families', () => {
    const list = createIpAllowlist(['10.0.0.0/8', '2001:db8::/32', '192.0.2.1']);
    assert.equal(list.allows('10.255.0.1'), true);
    assert.equal(list.allows('2001:db8:ffff::1'), true);
    assert.equal(list.allows('192.0.2.1'), true);
    assert.equal(list.allows('11.0.0.1'), false);
  });

  it('does not let an IPv6 address through an IPv4-only list', () => {
    const list = createIpAllowlist(['0.0.0.0/0']);
    assert.equal(list.allows('8.8.8.8'), true);
    assert.equal(list.allows('2001:db8::1'), false);
    assert.equal(list.allows('::1'), false);
  });

  it('matches an IPv4-mapped IPv6 address against the IPv4 range it denotes', () => {
    const list = createIpAllowlist(['10.0.0.0/8']);
    assert.equal(list.allows('::ffff:10.1.2.3'), true);
    assert.equal(list.allows('::ffff:11.1.2.3'), false);
  });

  it('allows nothing for undefined, garbage or an empty list', () => {
    const list = createIpAllowlist(['0.0.0.0/0', '::/0']);
    assert.equal(list.allows(undefined), false);
    assert.equal(list.allows(''), false);
    assert.equal(list.allows('not-an-ip'), false);
    assert.equal(createIpAllowlist([]).allows('203.0.113.7'), false);
  });

  it('throws, naming the CIDR, for garbage and bad prefix lengths', () => {
    const bad = [
      'garbage',
      '',
      '10.0.0/8',
      '10.0.0.0/33',
      '10.0.0.0/-1',
      '10.0.0.0/abc',
      '10.0.0.0/8.5',
      '2001:db8::/129',
      'example.com/24',
    ];
    for (const cidr of bad) {
      assert.throws(
        () => createIpAllowlist(['192.0.2.0/24', cidr]),
        (error: unknown) => error instanceof Error && error.message.includes(cidr),
        cidr,
      );
    }
  });

  it('rejects a stray slash or odd prefix notation instead of reading it as some other prefix', () => {
    // Number('') is 0: '10.0.0.0/' once became 10.0.0.0/0 and allowed every IPv4 address.
    for (const cidr of ['10.0.0.0/', '10.0.0.0/8/16', '10.0.0.0/0x8', '10.0.0.0/ 8', '10.0.0.0/1e1', '::/']) {
      assert.throws(() => createIpAllowlist([cidr]), /bad prefix length/, cidr);
    }
  });

  it('accepts the extreme prefix lengths', () => {
    assert.equal(createIpAllowlist(['0.0.0.0/0']).allows('255.255.255.255'), true);
    assert.equal(createIpAllowlist(['192.0.2.1/32']).allows('192.0.2.2'), false);
    assert.equal(createIpAllowlist(['2001:db8::1/128']).allows('2001:db8::1'), true);
  });
});
