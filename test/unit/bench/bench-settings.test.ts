import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benchSettings } from '../../../bench/bench-settings';

describe('bench settings', () => {
  it('defaults every part on, and 0 skips a part', () => {
    assert.deepEqual(benchSettings({}), {
      BENCH_DURATION_SECONDS: 10,
      BENCH_E2E_EVENTS: 200,
      BENCH_PUSH_COST_EVENTS: 200,
      BENCH_AUDIT_ORGS: 1000,
      BENCH_HOSTS_SEARCH: 1,
      BENCH_CONSOLE: 1,
      BENCH_MONITORS_ORGS: 1000,
      BENCH_STORM_EVENTS: 10_000,
      BENCH_PROBE_ORGS: 1000,
    });
    assert.equal(benchSettings({ BENCH_E2E_EVENTS: '0' }).BENCH_E2E_EVENTS, 0);
  });

  it('names every bad setting in one message, without a zod stack', () => {
    assert.throws(
      () => benchSettings({ BENCH_E2E_EVENTS: 'lots', BENCH_STORM_EVENTS: '-5' }),
      (error: Error) =>
        error.name === 'ConfigError' &&
        /BENCH_E2E_EVENTS/.test(error.message) &&
        /BENCH_STORM_EVENTS/.test(error.message) &&
        !error.message.includes('\n'),
    );
  });
});
