import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ttlCached } from '../../../shared/kernel/ttl-cached';

describe('ttlCached', () => {
  it('loads once per ttl, shares a load in flight, and loads again once the ttl has passed', async () => {
    let clock = 1_000;
    let loads = 0;
    const value = ttlCached(
      async () => {
        loads += 1;
        return loads;
      },
      30_000,
      () => clock,
    );
    assert.deepEqual(await Promise.all([value(), value()]), [1, 1]);
    clock += 29_999;
    assert.equal(await value(), 1);
    clock += 1;
    assert.equal(await value(), 2);
    assert.equal(loads, 2);
  });

  it('does not keep a failed load', async () => {
    let fail = true;
    const value = ttlCached(
      async () => {
        if (fail) throw new Error('Firestore unavailable');
        return 'orgs';
      },
      30_000,
      () => 0,
    );
    await assert.rejects(value(), /unavailable/);
    fail = false;
    assert.equal(await value(), 'orgs');
  });

  it('a ttl of 0 loads on every call', async () => {
    let loads = 0;
    const value = ttlCached(
      async () => ++loads,
      0,
      () => 5,
    );
    await value();
    await value();
    assert.equal(loads, 2);
  });
});
