import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostPatternOf } from '../../../shared/fleet/host-pattern';

describe('hostPatternOf (hosts search)', () => {
  it('a plain pattern is a substring in any case', () => {
    const web = hostPatternOf('web');
    assert.deepEqual(['web-01', 'WEB-02', 'my-Web', 'db-01'].map(web), [true, true, true, false]);
  });

  it('a pattern with * or ? is an anchored, case-sensitive glob', () => {
    const glob = hostPatternOf('web-0?');
    assert.deepEqual(['web-01', 'web-011', 'WEB-01', 'xweb-01'].map(glob), [true, false, false, false]);
    assert.equal(hostPatternOf('*.acme.example')('db.acme.example'), true);
  });

  it('a backslash escapes: a literal * in a name', () => {
    const literal = hostPatternOf('a\\*b');
    assert.equal(literal('a*b'), true);
    assert.equal(literal('axb'), false);
  });

  it('refuses a glob ending in a lone backslash', () => {
    assert.throws(() => hostPatternOf('web\\'), /lone backslash/);
  });
});
