import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { daysToExpiry, parseValidTo } from '../../../shared/probes/tls-expiry';

const notAfter = Date.UTC(2027, 2, 5, 12, 0, 0) / 1000;
const at = (iso: string) => new Date(iso);

describe('TLS expiry', () => {
  it('counts whole days left, rounding down', () => {
    assert.equal(daysToExpiry(notAfter, at('2027-02-03T12:00:00Z')), 30);
    assert.equal(daysToExpiry(notAfter, at('2027-02-03T12:00:01Z')), 29);
    assert.equal(daysToExpiry(notAfter, at('2027-03-04T12:00:00Z')), 1);
    assert.equal(daysToExpiry(notAfter, at('2027-03-05T11:59:59Z')), 0);
    assert.equal(daysToExpiry(notAfter, at('2027-03-05T12:00:00Z')), 0);
  });

  it('goes negative once expired', () => {
    assert.equal(daysToExpiry(notAfter, at('2027-03-05T12:00:01Z')), -1);
    assert.equal(daysToExpiry(notAfter, at('2027-03-15T12:00:00Z')), -10);
  });

  it("reads Node's valid_to text", () => {
    assert.equal(parseValidTo('Mar  5 12:00:00 2027 GMT'), notAfter);
    assert.equal(parseValidTo('Dec 31 23:59:59 2030 GMT'), Date.UTC(2030, 11, 31, 23, 59, 59) / 1000);
    assert.equal(parseValidTo('Feb 29 00:00:00 2028 GMT'), Date.UTC(2028, 1, 29) / 1000);
    assert.equal(parseValidTo('Jan 10 08:30:00.250 2026 GMT'), Date.UTC(2026, 0, 10, 8, 30) / 1000);
  });

  it('refuses text that is not such a time', () => {
    for (const text of [
      'Feb 30 00:00:00 2027 GMT',
      'Feb 29 00:00:00 2027 GMT',
      'Foo  5 12:00:00 2027 GMT',
      '2027-03-05T12:00:00Z',
      'Mar  5 24:00:00 2027 GMT',
      '',
    ]) {
      assert.equal(parseValidTo(text), null, text);
    }
  });
});
