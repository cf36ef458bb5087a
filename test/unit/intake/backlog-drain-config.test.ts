import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backlogDrainConfigSchema } from '../../../shared/intake/backlog-drain-config';
import { ConfigError, loadConfig } from '../../../shared/kernel/config/load-config';

const load = (env: Record<string, string>) => loadConfig('backlog-drain', backlogDrainConfigSchema, env);

describe('backlog-drain configuration', () => {
  it('defaults the publish timeout to 5 s', () => {
    assert.deepEqual(load({ GOOGLE_CLOUD_PROJECT: 'msp-ops-prod' }), {
      GOOGLE_CLOUD_PROJECT: 'msp-ops-prod',
      DRAIN_PUBLISH_TIMEOUT_MS: 5000,
    });
  });

  it('accepts a timeout within 100 ms .. 60 s', () => {
    assert.equal(
      load({ GOOGLE_CLOUD_PROJECT: 'msp-ops-prod', DRAIN_PUBLISH_TIMEOUT_MS: '100' })
        .DRAIN_PUBLISH_TIMEOUT_MS,
      100,
    );
    assert.equal(
      load({ GOOGLE_CLOUD_PROJECT: 'msp-ops-prod', DRAIN_PUBLISH_TIMEOUT_MS: '60000' })
        .DRAIN_PUBLISH_TIMEOUT_MS,
      60_000,
    );
  });

  it('names the missing project and a bad timeout together, without the value', () => {
    const secret = 'AIzaSyD-secret-looking-value';
    assert.throws(
      () => load({ DRAIN_PUBLISH_TIMEOUT_MS: secret }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message.includes('GOOGLE_CLOUD_PROJECT: missing') &&
        error.message.includes('DRAIN_PUBLISH_TIMEOUT_MS: ') &&
        !error.message.includes(secret),
    );
    for (const value of ['99', '60001', '']) {
      assert.throws(
        () => load({ GOOGLE_CLOUD_PROJECT: 'msp-ops-prod', DRAIN_PUBLISH_TIMEOUT_MS: value }),
        /DRAIN_PUBLISH_TIMEOUT_MS: /,
        value,
      );
    }
  });
});
