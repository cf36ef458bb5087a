import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { globMatches, globSchema } from '../../../shared/routing/glob';

describe('globMatches', () => {
  it('is anchored at both ends', () => {
    assert.equal(globMatches('web', 'web'), true);
    assert.equal(globMatches('web', 'web01'), false);
    assert.equal(globMatches('eb01', 'web01'), false);
    assert.equal(globMatches('web*', 'web01'), true);
    assert.equal(globMatches('*01', 'web01'), true);
    assert.equal(globMatches('*01', 'web012'), false);
  });

  it('is case-sensitive', () => {
    assert.equal(globMatches('WEB*', 'web01'), false);
    assert.equal(globMatches('web*', 'Web01'), false);
  });

  it('lets * match the empty run and any run, and ? exactly one character', () => {
    assert.equal(globMatches('*', ''), true);
    assert.equal(globMatches('web*', 'web'), true);
    assert.equal(globMatches('?', ''), false);
    assert.equal(globMatches('web0?', 'web01'), true);
    assert.equal(globMatches('web0?', 'web0'), false);
    assert.equal(globMatches('web0?', 'web012'), false);
    assert.equal(globMatches('a*b*c', 'a-b-b-c'), true);
    assert.equal(globMatches('a*b*c', 'a-c-b'), false);
    assert.equal(globMatches('**', 'anything'), true);
    assert.equal(globMatches('a**b', 'ab'), true);
  });

  it('treats regex syntax as plain characters', () => {
    assert.equal(globMatches('web.01', 'webx01'), false);
    assert.equal(globMatches('web.01', 'web.01'), true);
    assert.equal(globMatches('[ab]', 'a'), false);
    assert.equal(globMatches('[ab]', '[ab]'), true);
    assert.equal(globMatches('(a+)+$', '(a+)+$'), true);
    assert.equal(globMatches('^CPU|.*', 'CPU %'), false);
  });

  it('makes the character after a backslash literal', () => {
    assert.equal(globMatches('is it up\\?', 'is it up?'), true);
    assert.equal(globMatches('is it up\\?', 'is it upx'), false);
    assert.equal(globMatches('5\\*', '5*'), true);
    assert.equal(globMatches('5\\*', '55'), false);
    assert.equal(globMatches('a\\\\b', 'a\\b'), true);
  });

  it('matches a whole code point with ?, Japanese and emoji included', () => {
    assert.equal(globMatches('ウェブ?', 'ウェブ1'), true);
    assert.equal(globMatches('死活?', '死活🔥'), true);
    assert.equal(globMatches('??', '🔥'), false);
  });

  it('never matches with an invalid pattern, which the schema rejects', () => {
    assert.equal(globMatches('web\\', 'web\\'), false);
    assert.equal(globSchema.safeParse('web\\').success, false);
    assert.equal(globSchema.safeParse('').success, false);
    assert.equal(globSchema.safeParse('x'.repeat(257)).success, false);
    assert.equal(globSchema.safeParse('web-*-0?').success, true);
  });

  it('stays fast on patterns that make backtracking regexes explode', () => {
    const pattern = `${'a*'.repeat(100)}b`;
    const text = 'a'.repeat(20_000);
    const started = performance.now();
    assert.equal(globMatches(pattern, text), false);
    assert.equal(globMatches(pattern, `${text}b`), true);
    assert.ok(performance.now() - started < 500, `took ${performance.now() - started} ms`);
  });

  it('agrees with a reference regex on random patterns and names', () => {
    const reference = (pattern: string, text: string) =>
      new RegExp(
        `^${Array.from(pattern)
          .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
          .join('')}$`,
        'su',
      ).test(text);
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '.', '*', '?'), maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '.', '*', '?'), maxLength: 10 }),
        (pattern, text) => globMatches(pattern, text) === reference(pattern, text),
      ),
      { numRuns: 5000 },
    );
  });
});
