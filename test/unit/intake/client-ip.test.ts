import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientIpFrom } from '../../../shared/intake/client-ip';

const SOCKET = '10.0.0.1';

describe('clientIpFrom', () => {
  it('takes the entry the one trusted proxy appended (the rightmost)', () => {
    assert.equal(clientIpFrom('203.0.113.7', SOCKET, 1), '203.0.113.7');
  });

  it('ignores entries the caller put on the left (spoofed)', () => {
    assert.equal(clientIpFrom('198.51.100.1, 198.51.100.2, 203.0.113.7', SOCKET, 1), '203.0.113.7');
  });

  it('counts trusted hops from the right behind a load balancer', () => {
    // client-forged, real client (seen by the LB), LB address (seen by Google's front end)
    assert.equal(clientIpFrom('1.2.3.4, 203.0.113.7, 130.211.0.5', SOCKET, 2), '203.0.113.7');
    assert.equal(clientIpFrom('203.0.113.7,130.211.0.5', SOCKET, 2), '203.0.113.7');
  });

  it('tolerates blanks and empty items', () => {
    assert.equal(clientIpFrom('  , 198.51.100.1 ,, 203.0.113.7  ,', SOCKET, 1), '203.0.113.7');
  });

  it('falls back to the socket address when there are fewer entries than hops', () => {
    assert.equal(clientIpFrom('203.0.113.7', SOCKET, 2), SOCKET);
    assert.equal(clientIpFrom(undefined, SOCKET, 1), SOCKET);
    assert.equal(clientIpFrom('', SOCKET, 1), SOCKET);
    assert.equal(clientIpFrom(' , ', SOCKET, 1), SOCKET);
  });

  it('unwraps IPv4-mapped IPv6 addresses, in the header and on the socket', () => {
    assert.equal(clientIpFrom('::ffff:203.0.113.7', SOCKET, 1), '203.0.113.7');
    assert.equal(clientIpFrom(undefined, '::ffff:127.0.0.1', 1), '127.0.0.1');
  });

  it('keeps real IPv6 addresses as they are', () => {
    assert.equal(clientIpFrom('2001:db8::1', SOCKET, 1), '2001:db8::1');
    assert.equal(clientIpFrom(undefined, '::1', 1), '::1');
  });

  it('answers undefined for garbage instead of trusting a spoofable entry further left', () => {
    assert.equal(clientIpFrom('203.0.113.7, not-an-ip', SOCKET, 1), undefined);
    assert.equal(clientIpFrom('203.0.113.7:4711', SOCKET, 1), undefined);
    assert.equal(clientIpFrom('999.1.1.1', SOCKET, 1), undefined);
    assert.equal(clientIpFrom(undefined, 'garbage', 1), undefined);
    assert.equal(clientIpFrom(undefined, undefined, 1), undefined);
  });
});
