import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachedRoutingConfig } from '../../../../shared/alerting/router/cached-routing-config';
import type { RouterRoutingConfig } from '../../../../shared/alerting/router/router-ports';

const NOW = new Date('2026-01-01T00:00:00.000Z');

/** A source that counts its loads and says which load produced a config; versions set by the test. */
function world() {
  const state = { loads: 0, version: 'v1', clock: 0, fail: false };
  const source = {
    async load(org: string): Promise<RouterRoutingConfig> {
      state.loads++;
      if (state.fail) throw new Error('firestore unavailable');
      return {
        org: undefined,
        orgRoutes: [],
        mspRoutes: [],
        defaultRoute: undefined,
        silences: [],
        inhibitRules: [],
        problems: [{ path: `load ${state.loads} of ${org}`, issues: [] }],
      };
    },
  };
  const versions = { versionOf: async () => state.version };
  const cache = cachedRoutingConfig(source, versions, { maxAgeMs: 30_000, clock: () => state.clock });
  const loadedBy = async (org: string) => (await cache.load(org, NOW)).problems[0]?.path;
  return { state, cache, loadedBy };
}

describe('cachedRoutingConfig', () => {
  it('loads an org once while its routing version stays the same', async () => {
    const w = world();
    assert.equal(await w.loadedBy('acme'), 'load 1 of acme');
    w.state.clock = 29_999;
    assert.equal(await w.loadedBy('acme'), 'load 1 of acme');
    assert.equal(w.state.loads, 1);
  });

  it('a new routing version loads again at once', async () => {
    const w = world();
    await w.loadedBy('acme');
    w.state.version = 'v2';
    assert.equal(await w.loadedBy('acme'), 'load 2 of acme');
  });

  it('past the maximum age it loads again, whatever the version says', async () => {
    const w = world();
    await w.loadedBy('acme');
    w.state.clock = 30_000;
    assert.equal(await w.loadedBy('acme'), 'load 2 of acme');
  });

  it('orgs are cached apart', async () => {
    const w = world();
    await w.loadedBy('acme');
    assert.equal(await w.loadedBy('globex'), 'load 2 of globex');
    assert.equal(await w.loadedBy('acme'), 'load 1 of acme');
  });

  it('events of one org arriving together share one load', async () => {
    const w = world();
    const paths = await Promise.all([w.loadedBy('acme'), w.loadedBy('acme'), w.loadedBy('acme')]);
    assert.deepEqual(paths, ['load 1 of acme', 'load 1 of acme', 'load 1 of acme']);
    assert.equal(w.state.loads, 1);
  });

  it('a failed load is not kept: the next event loads again', async () => {
    const w = world();
    w.state.fail = true;
    await assert.rejects(w.loadedBy('acme'), /unavailable/);
    w.state.fail = false;
    assert.equal(await w.loadedBy('acme'), 'load 2 of acme');
  });
});
