import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredNetworks } from '../../../../shared/audit/findings/declared-networks';

describe('declaredNetworks', () => {
  const check = declaredNetworks(['203.0.113.0/24', '10.0.0.0/8', '2001:db8:1::/48']);

  it('passes IPv4 and IPv6 addresses inside a declared network', () => {
    assert.deepEqual(check.outside(['203.0.113.9', '10.200.1.1', '2001:db8:1:ffff::1', '2001:DB8:1::A']), []);
  });

  it('lists the addresses outside every network, in the order given', () => {
    assert.deepEqual(check.outside(['198.51.100.1', '10.0.0.1', '2001:db8:2::1', '203.0.114.1']), [
      '198.51.100.1',
      '2001:db8:2::1',
      '203.0.114.1',
    ]);
  });

  it('judges an IPv4-mapped IPv6 address as the IPv4 address it carries', () => {
    assert.deepEqual(check.outside(['::ffff:10.1.2.3', '::ffff:203.0.113.7']), []);
    assert.deepEqual(check.outside(['::ffff:192.0.2.1']), ['::ffff:192.0.2.1']);
  });

  it('reads a declared IPv4-mapped network as IPv4', () => {
    assert.deepEqual(declaredNetworks(['::ffff:192.0.2.0/120']).outside(['192.0.2.77', '192.0.3.1']), [
      '192.0.3.1',
    ]);
  });

  it('does not match across families', () => {
    assert.deepEqual(declaredNetworks(['10.0.0.0/8']).outside(['2001:db8::1']), ['2001:db8::1']);
    assert.deepEqual(declaredNetworks(['::/0']).outside(['10.0.0.1']), ['10.0.0.1']);
  });

  it('ignores loopback, link-local, unspecified and unparsable addresses', () => {
    assert.deepEqual(
      check.outside(['127.0.0.1', '::1', 'fe80::1', 'fe80::1%eth0', '169.254.1.1', '0.0.0.0', '::']),
      [],
    );
    assert.deepEqual(check.outside(['not-an-ip', '10.1', '']), []);
  });

  it('finds nothing outside when no networks are declared, and nothing in an empty list', () => {
    assert.deepEqual(declaredNetworks([]).outside(['198.51.100.1', '2001:db8::1']), []);
    assert.deepEqual(check.outside([]), []);
  });
});
