import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routerConfigSchema } from '../../../../shared/alerting/router/router-config';
import { ConfigError, loadConfig } from '../../../../shared/kernel/config/load-config';

describe('router config', () => {
  it('needs the project and defaults the publish timeout, grouping on, the caps', () => {
    const config = loadConfig('router', routerConfigSchema, { GOOGLE_CLOUD_PROJECT: 'msp-ops-prod' });
    assert.deepEqual(config, {
      GOOGLE_CLOUD_PROJECT: 'msp-ops-prod',
      ROUTER_PUBLISH_TIMEOUT_MS: 5000,
      ROUTER_GROUPING: true,
      ROUTER_RECIPIENT_HOURLY_CAP: 30,
      ROUTER_SLACK_PER_MINUTE: 20,
      ROUTER_TEAMS_PER_MINUTE: 60,
    });
    const off = loadConfig('router', routerConfigSchema, {
      GOOGLE_CLOUD_PROJECT: 'msp-ops-prod',
      ROUTER_GROUPING: 'false',
    });
    assert.equal(off.ROUTER_GROUPING, false);
  });

  it('holds the chat caps to what Slack and Teams webhooks take (about 1 and 4 a second)', () => {
    const env = (slack: string, teams: string) => ({
      GOOGLE_CLOUD_PROJECT: 'msp-ops-prod',
      ROUTER_SLACK_PER_MINUTE: slack,
      ROUTER_TEAMS_PER_MINUTE: teams,
    });
    const config = loadConfig('router', routerConfigSchema, env('60', '240'));
    assert.equal(config.ROUTER_SLACK_PER_MINUTE, 60);
    assert.equal(config.ROUTER_TEAMS_PER_MINUTE, 240);
    assert.throws(() => loadConfig('router', routerConfigSchema, env('61', '60')), /ROUTER_SLACK_PER_MINUTE/);
    assert.throws(
      () => loadConfig('router', routerConfigSchema, env('20', '241')),
      /ROUTER_TEAMS_PER_MINUTE/,
    );
    assert.throws(() => loadConfig('router', routerConfigSchema, env('0', '60')), /ROUTER_SLACK_PER_MINUTE/);
  });

  it('names every missing or bad variable', () => {
    assert.throws(
      () => loadConfig('router', routerConfigSchema, { ROUTER_PUBLISH_TIMEOUT_MS: '5s' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /GOOGLE_CLOUD_PROJECT: missing/.test(error.message) &&
        /ROUTER_PUBLISH_TIMEOUT_MS: expected a whole number/.test(error.message),
    );
    assert.throws(() =>
      loadConfig('router', routerConfigSchema, {
        GOOGLE_CLOUD_PROJECT: 'msp-ops-prod',
        ROUTER_PUBLISH_TIMEOUT_MS: '10',
      }),
    );
  });
});
