import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../../shared/kernel/canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x y' } }),
      '{"a":{"c":"x y","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text whatever the key order', () => {
    assert.equal(
      canonicalJson({ orgName: 'a', event: 'b', host: { id: 1, name: 2 } }),
      canonicalJson({ host: { name: 2, id: 1 }, event: 'b', orgName: 'a' }),
    );
  });

  it('keeps array order', () => {
    assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
  });

  it('writes primitives like JSON.stringify', () => {
    for (const value of [null, true, false, 0, -1.5, 1e21, 'a"b\\c\n', 'éß漢字']) {
      assert.equal(canonicalJson(value), JSON.stringify(value));
    }
    assert.equal(canonicalJson(Number.NaN), 'null');
  });

  it('sorts by UTF-16 code unit, so the order never depends on locale', () => {
    assert.equal(canonicalJson({ b: 1, B: 2, é: 3, a: 4 }), '{"B":2,"a":4,"b":1,"é":3}');
  });

  it('drops undefined object values and writes undefined array items as null', () => {
    assert.equal(canonicalJson({ a: undefined, b: [undefined] }), '{"b":[null]}');
    assert.equal(canonicalJson(undefined), 'null');
  });

  it('includes an own __proto__ key as data', () => {
    const value: unknown = JSON.parse('{"b":1,"__proto__":{"x":1}}');
    assert.equal(canonicalJson(value), '{"__proto__":{"x":1},"b":1}');
  });

  it('allows shared references but rejects cycles', () => {
    const shared = { x: 1 };
    assert.equal(canonicalJson({ a: shared, b: shared }), '{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => canonicalJson(cyclic), TypeError);
  });
});
