import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../../shared/kernel/config/load-config';
import { deliveryPolicyOf, mailerConfigSchema } from '../../../../shared/notify/delivery/mailer-config';

const load = (env: Record<string, string>) => loadConfig('mailer', mailerConfigSchema, env);
const minimal = {
  GOOGLE_CLOUD_PROJECT: 'msp-ops-prod',
  SENDGRID_API_KEY: 'SG.abcdefghijklmnop.qrstuvwxyz0123456789',
  MAIL_FROM_ADDRESS: 'alerts@msp.example.jp',
};

describe('mailer configuration', () => {
  it('needs only the project, the key and the sender; SendGrid itself unless a base URL is set', () => {
    const config = load(minimal);
    assert.deepEqual(config, {
      ...minimal,
      SENDGRID_TIMEOUT_MS: 10_000,
      MAIL_FROM_NAME: 'MSP Ops',
      MAILER_LEASE_SECONDS: 60,
      MAILER_DELIVERY_RETENTION_DAYS: 14,
      MAILER_SECRET_CACHE_SECONDS: 300,
      PAGERDUTY_EVENTS_URL: 'https://events.pagerduty.com/v2/enqueue',
      CHAT_TIMEOUT_MS: 10_000,
    });
    assert.deepEqual(deliveryPolicyOf(config), { leaseMs: 60_000, retentionMs: 14 * 24 * 3600 * 1000 });
    assert.equal(
      load({ ...minimal, SENDGRID_API_BASE_URL: 'http://127.0.0.1:8025' }).SENDGRID_API_BASE_URL,
      'http://127.0.0.1:8025',
    );
  });

  it('names every missing or bad variable at once, never a value', () => {
    const key = 'SG.leaked-looking-key-0123456789';
    assert.throws(
      () =>
        load({
          SENDGRID_API_KEY: key,
          MAIL_FROM_ADDRESS: 'not-an-address',
          SENDGRID_API_BASE_URL: 'ftp://x',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /GOOGLE_CLOUD_PROJECT: missing/);
        assert.match(error.message, /MAIL_FROM_ADDRESS: /);
        assert.match(error.message, /SENDGRID_API_BASE_URL: /);
        assert.ok(!error.message.includes(key) && !error.message.includes('not-an-address'));
        return true;
      },
    );
    assert.throws(() => load({ ...minimal, SENDGRID_API_KEY: ' ' }), /SENDGRID_API_KEY/);
  });

  it('refuses a lease that a slow send could outlast', () => {
    assert.throws(
      () => load({ ...minimal, MAILER_LEASE_SECONDS: '15', SENDGRID_TIMEOUT_MS: '10000' }),
      /MAILER_LEASE_SECONDS: must be at least twice SENDGRID_TIMEOUT_MS/,
    );
    assert.equal(
      load({ ...minimal, MAILER_LEASE_SECONDS: '20', SENDGRID_TIMEOUT_MS: '10000' }).MAILER_LEASE_SECONDS,
      20,
    );
  });

  it('keeps delivery records longer than Pub/Sub keeps messages', () => {
    assert.throws(
      () => load({ ...minimal, MAILER_DELIVERY_RETENTION_DAYS: '7' }),
      /MAILER_DELIVERY_RETENTION_DAYS/,
    );
  });
});
