import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinHostPort, splitHostPort } from '../../../shared/probes/host-port';

describe('host and port', () => {
  it('splits names, IPv4 and bracketed IPv6', () => {
    assert.deepEqual(splitHostPort('db01.example.jp:5432'), { host: 'db01.example.jp', port: 5432 });
    assert.deepEqual(splitHostPort('192.0.2.1:22'), { host: '192.0.2.1', port: 22 });
    assert.deepEqual(splitHostPort('[2001:db8::1]:5432'), { host: '2001:db8::1', port: 5432 });
  });

  it('needs a port unless a default is given; a bare IPv6 then is an address', () => {
    assert.equal(splitHostPort('db01.example.jp'), null);
    assert.equal(splitHostPort('[2001:db8::1]'), null);
    assert.deepEqual(splitHostPort('2001:db8::1', 53), { host: '2001:db8::1', port: 53 });
    assert.deepEqual(splitHostPort('[2001:db8::1]', 53), { host: '2001:db8::1', port: 53 });
    assert.deepEqual(splitHostPort('8.8.8.8', 53), { host: '8.8.8.8', port: 53 });
  });

  it('refuses ports outside 1-65535 and empty hosts', () => {
    for (const text of ['x:0', 'x:65536', 'x:', ':22', 'x:2a', '[]:53', '2001:db8::1:53'])
      assert.equal(splitHostPort(text), null, text);
    assert.deepEqual(splitHostPort('x:65535'), { host: 'x', port: 65_535 });
  });

  it('reads a placeholder host, whatever its interface name holds', () => {
    assert.deepEqual(splitHostPort('{{host.ipv4.eth0:1}}:22'), { host: '{{host.ipv4.eth0:1}}', port: 22 });
  });

  it('joins, bracketing IPv6', () => {
    assert.equal(joinHostPort({ host: '2001:db8::1', port: 53 }), '[2001:db8::1]:53');
    assert.equal(joinHostPort({ host: 'x.example.jp', port: 22 }), 'x.example.jp:22');
  });
});
