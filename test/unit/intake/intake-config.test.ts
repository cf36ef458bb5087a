import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { intakeConfigSchema } from '../../../shared/intake/intake-config';
import { ConfigError, loadConfig } from '../../../shared/kernel/config/load-config';

const load = (env: Record<string, string>) => loadConfig('intake', intakeConfigSchema, env);

function messageOf(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('expected a ConfigError');
}

describe('intake configuration', () => {
  it('applies the defaults when only the project is set', () => {
    assert.deepEqual(load({ GOOGLE_CLOUD_PROJECT: 'msp-ops-prod' }), {
      GOOGLE_CLOUD_PROJECT: 'msp-ops-prod',
      INTAKE_PUBLISH_TIMEOUT_MS: 1500,
      INTAKE_PUBLISH_ATTEMPTS: 3,
      INTAKE_FIRESTORE_TIMEOUT_MS: 3000,
      INTAKE_TOKEN_CACHE_SECONDS: 60,
      INTAKE_TRUSTED_PROXY_HOPS: 1,
    });
  });

  it('parses every variable when set', () => {
    const config = load({
      GOOGLE_CLOUD_PROJECT: 'msp-ops-prod',
      INTAKE_PUBLISH_TIMEOUT_MS: '800',
      INTAKE_PUBLISH_ATTEMPTS: '5',
      INTAKE_FIRESTORE_TIMEOUT_MS: '50',
      INTAKE_TOKEN_CACHE_SECONDS: '0',
      INTAKE_SOURCE_ALLOWLIST: ' 52.193.111.118/32, 2001:db8::/32 ,,13.113.213.40 ',
      INTAKE_TRUSTED_PROXY_HOPS: '2',
    });
    assert.equal(config.INTAKE_PUBLISH_TIMEOUT_MS, 800);
    assert.equal(config.INTAKE_PUBLISH_ATTEMPTS, 5);
    assert.equal(config.INTAKE_FIRESTORE_TIMEOUT_MS, 50);
    assert.equal(config.INTAKE_TOKEN_CACHE_SECONDS, 0);
    assert.deepEqual(config.INTAKE_SOURCE_ALLOWLIST, ['52.193.111.118/32', '2001:db8::/32', '13.113.213.40']);
    assert.equal(config.INTAKE_TRUSTED_PROXY_HOPS, 2);
  });

  it('names all missing and bad variables in one message', () => {
    const message = messageOf({
      INTAKE_PUBLISH_ATTEMPTS: 'abc',
      INTAKE_SOURCE_ALLOWLIST: '52.193.111.118/32,10.0.0.0/33',
      INTAKE_TRUSTED_PROXY_HOPS: '9',
    });
    assert.match(message, /^intake cannot start, bad configuration: /);
    assert.match(message, /GOOGLE_CLOUD_PROJECT: missing/);
    assert.match(message, /INTAKE_PUBLISH_ATTEMPTS: /);
    assert.match(message, /INTAKE_SOURCE_ALLOWLIST: entry 2 /);
    assert.match(message, /INTAKE_TRUSTED_PROXY_HOPS: /);
    assert.doesNotMatch(
      message,
      /INTAKE_PUBLISH_TIMEOUT_MS|INTAKE_FIRESTORE_TIMEOUT_MS|INTAKE_TOKEN_CACHE_SECONDS/,
    );
  });

  it('never puts a value in the message, not even a bad allowlist entry', () => {
    const secret = 'ghp_Zx9SecretLooking0Value';
    const message = messageOf({
      GOOGLE_CLOUD_PROJECT: `Bad_${secret}`,
      INTAKE_PUBLISH_ATTEMPTS: secret,
      INTAKE_SOURCE_ALLOWLIST: `10.0.0.0/8,${secret}`,
      INTAKE_FIRESTORE_TIMEOUT_MS: `${secret}1`,
    });
    for (const name of [
      'GOOGLE_CLOUD_PROJECT',
      'INTAKE_PUBLISH_ATTEMPTS',
      'INTAKE_SOURCE_ALLOWLIST',
      'INTAKE_FIRESTORE_TIMEOUT_MS',
    ]) {
      assert.match(message, new RegExp(`${name}: `));
    }
    assert.ok(!message.includes(secret), message);
    assert.ok(!message.includes('ghp_'), message);
  });

  it('rejects out-of-range numbers and non-integers', () => {
    for (const [name, value] of [
      ['INTAKE_PUBLISH_ATTEMPTS', '0'],
      ['INTAKE_PUBLISH_ATTEMPTS', '6'],
      ['INTAKE_PUBLISH_TIMEOUT_MS', '49'],
      ['INTAKE_PUBLISH_TIMEOUT_MS', '1500.5'],
      ['INTAKE_FIRESTORE_TIMEOUT_MS', '30001'],
      ['INTAKE_TOKEN_CACHE_SECONDS', '-1'],
      ['INTAKE_TRUSTED_PROXY_HOPS', '0'],
    ] as const) {
      assert.match(
        messageOf({ GOOGLE_CLOUD_PROJECT: 'msp-ops-prod', [name]: value }),
        new RegExp(`${name}: `),
        `${name}=${value}`,
      );
    }
  });

  it('rejects an empty or blank number instead of reading it as 0', () => {
    // An empty INTAKE_TOKEN_CACHE_SECONDS once meant 0: the cache silently off.
    for (const value of ['', '  ']) {
      assert.match(
        messageOf({ GOOGLE_CLOUD_PROJECT: 'msp-ops-prod', INTAKE_TOKEN_CACHE_SECONDS: value }),
        /INTAKE_TOKEN_CACHE_SECONDS: /,
      );
    }
    assert.match(
      messageOf({ GOOGLE_CLOUD_PROJECT: 'msp-ops-prod', INTAKE_PUBLISH_ATTEMPTS: '0x3' }),
      /INTAKE_PUBLISH_ATTEMPTS: /,
    );
  });

  it('rejects an allowlist that is set but empty: unset it to turn the check off', () => {
    assert.match(
      messageOf({ GOOGLE_CLOUD_PROJECT: 'msp-ops-prod', INTAKE_SOURCE_ALLOWLIST: ' , ' }),
      /INTAKE_SOURCE_ALLOWLIST: empty list/,
    );
  });

  it('checks the shape of the project id', () => {
    for (const bad of [
      'short',
      'Upper-case-project',
      '1starts-with-digit',
      'ends-with-dash-',
      'a'.repeat(31),
    ]) {
      assert.match(
        messageOf({ GOOGLE_CLOUD_PROJECT: bad }),
        /GOOGLE_CLOUD_PROJECT: expected a Google Cloud project id/,
        bad,
      );
    }
  });
});
