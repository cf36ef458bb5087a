import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachedTokenDirectory } from '../../../shared/intake/cached-token-directory';
import type { WebhookTokenDirectory, WebhookTokenRecord } from '../../../shared/orgs/webhook-token-directory';

/** An inner directory whose answers the test controls, counting lookups per hash. */
function scriptedDirectory(records: Record<string, string> = {}) {
  const lookups: string[] = [];
  const pending: Array<() => void> = [];
  const state = { gate: false, failure: undefined as Error | undefined };
  const directory: WebhookTokenDirectory = {
    async findByHash(hash) {
      lookups.push(hash);
      if (state.gate) await new Promise<void>((resolve) => pending.push(resolve));
      if (state.failure) throw state.failure;
      const org = records[hash];
      return org === undefined ? undefined : { org };
    },
  };
  const release = () => {
    for (const resolve of pending.splice(0)) resolve();
  };
  return { directory, lookups, state, records, release };
}

function clock(start = 1_000_000) {
  const time = { now: start };
  return {
    now: () => time.now,
    advance: (ms: number) => {
      time.now += ms;
    },
  };
}

const options = { hitTtlMs: 60_000, missTtlMs: 5_000, maxEntries: 100 };

describe('cachedTokenDirectory', () => {
  it('answers a found token from the cache until the hit TTL passes', async () => {
    const inner = scriptedDirectory({ h1: 'acme' });
    const time = clock();
    const cache = cachedTokenDirectory(inner.directory, { ...options, now: time.now });
    assert.deepEqual(await cache.findByHash('h1'), { org: 'acme' });
    inner.records.h1 = 'changed';
    time.advance(59_999);
    assert.deepEqual(await cache.findByHash('h1'), { org: 'acme' });
    assert.equal(inner.lookups.length, 1);
    time.advance(1);
    assert.deepEqual(await cache.findByHash('h1'), { org: 'changed' });
    assert.equal(inner.lookups.length, 2);
  });

  it('remembers a miss only for the short miss TTL, so a new token starts working soon', async () => {
    const inner = scriptedDirectory();
    const time = clock();
    const cache = cachedTokenDirectory(inner.directory, { ...options, now: time.now });
    assert.equal(await cache.findByHash('new'), undefined);
    inner.records.new = 'acme';
    time.advance(4_999);
    assert.equal(await cache.findByHash('new'), undefined, 'the miss is still cached');
    assert.equal(inner.lookups.length, 1);
    time.advance(1);
    assert.deepEqual(await cache.findByHash('new'), { org: 'acme' });
    assert.equal(inner.lookups.length, 2);
  });

  it('caches nothing when the TTLs are zero', async () => {
    const inner = scriptedDirectory({ h1: 'acme' });
    const cache = cachedTokenDirectory(inner.directory, {
      hitTtlMs: 0,
      missTtlMs: 0,
      maxEntries: 10,
      now: () => 5,
    });
    await cache.findByHash('h1');
    await cache.findByHash('h1');
    assert.equal(inner.lookups.length, 2);
  });

  it('lets concurrent misses for one hash share a single inner lookup', async () => {
    const inner = scriptedDirectory({ h1: 'acme' });
    inner.state.gate = true;
    const cache = cachedTokenDirectory(inner.directory, { ...options, now: clock().now });
    const answers = Promise.all([cache.findByHash('h1'), cache.findByHash('h1'), cache.findByHash('h1')]);
    const other = cache.findByHash('h2');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(inner.lookups, ['h1', 'h2']);
    inner.release();
    assert.deepEqual(await answers, [{ org: 'acme' }, { org: 'acme' }, { org: 'acme' }]);
    assert.equal(await other, undefined);
    assert.deepEqual(inner.lookups, ['h1', 'h2']);
  });

  it('does not cache a failed lookup: every waiter sees the error and the next call asks again', async () => {
    const inner = scriptedDirectory({ h1: 'acme' });
    inner.state.gate = true;
    inner.state.failure = new Error('firestore unavailable');
    const cache = cachedTokenDirectory(inner.directory, { ...options, now: clock().now });
    const first = cache.findByHash('h1');
    const second = cache.findByHash('h1');
    await new Promise((resolve) => setImmediate(resolve));
    inner.release();
    await assert.rejects(first, /firestore unavailable/);
    await assert.rejects(second, /firestore unavailable/);
    assert.equal(inner.lookups.length, 1);

    inner.state.gate = false;
    inner.state.failure = undefined;
    assert.deepEqual(await cache.findByHash('h1'), { org: 'acme' });
    assert.equal(inner.lookups.length, 2);
  });

  it('evicts the oldest entry once maxEntries is reached', async () => {
    const inner = scriptedDirectory({ a: 'A', b: 'B', c: 'C' });
    const cache = cachedTokenDirectory(inner.directory, { ...options, maxEntries: 2, now: clock().now });
    await cache.findByHash('a');
    await cache.findByHash('b');
    await cache.findByHash('c'); // evicts a
    assert.deepEqual(inner.lookups, ['a', 'b', 'c']);
    await cache.findByHash('b');
    await cache.findByHash('c');
    assert.deepEqual(inner.lookups, ['a', 'b', 'c'], 'b and c are still cached');
    await cache.findByHash('a');
    assert.deepEqual(inner.lookups, ['a', 'b', 'c', 'a'], 'a was evicted');
  });

  it('refreshing an expired entry does not evict a live one', async () => {
    const inner = scriptedDirectory({ a: 'A' });
    const time = clock();
    const cache = cachedTokenDirectory(inner.directory, {
      hitTtlMs: 10_000,
      missTtlMs: 100,
      maxEntries: 2,
      now: time.now,
    });
    await cache.findByHash('a'); // hit, live for 10 s
    await cache.findByHash('b'); // miss, live for 100 ms
    time.advance(200);
    await cache.findByHash('b'); // the miss expired: refreshed in its own slot, the cache is not over full
    await cache.findByHash('a');
    assert.deepEqual(inner.lookups, ['a', 'b', 'b'], 'a must still be cached');
  });

  it('never holds more than maxEntries', async () => {
    const records: Record<string, string> = {};
    for (let i = 0; i < 50; i++) records[`h${i}`] = `org${i}`;
    const inner = scriptedDirectory(records);
    const cache = cachedTokenDirectory(inner.directory, { ...options, maxEntries: 10, now: clock().now });
    for (let i = 0; i < 50; i++) await cache.findByHash(`h${i}`);
    // The last 10 are cached, the 11th from the end is not.
    for (let i = 40; i < 50; i++) await cache.findByHash(`h${i}`);
    assert.equal(inner.lookups.length, 50);
    const record: WebhookTokenRecord | undefined = await cache.findByHash('h39');
    assert.deepEqual(record, { org: 'org39' });
    assert.equal(inner.lookups.length, 51);
  });
});
