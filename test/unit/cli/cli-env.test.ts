import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliEnvOf, LOCAL_INTAKE_URL, LOCAL_MACKEREL_URL, requireSameMode } from '../../../cli/cli-env';
import { UsageError } from '../../../cli/cli-errors';
import { secretManagerClientOptions } from '../../../shared/platform/secrets/secret-manager-secret-writer';

describe('cliEnvOf', () => {
  it("locally: the emulator, npm start's project and intake unless told otherwise", () => {
    const env = cliEnvOf({ FIRESTORE_EMULATOR_HOST: '127.0.0.1:8086', PUBSUB_EMULATOR_HOST: '' });
    assert.deepEqual(env, {
      project: 'demo-local',
      local: true,
      pubsubHost: undefined,
      secretManagerEndpoint: undefined,
      intakeUrl: LOCAL_INTAKE_URL,
      mackerelBaseUrl: LOCAL_MACKEREL_URL,
    });
  });

  it('in Google Cloud: the project is required, and no intake URL is guessed', () => {
    const env = cliEnvOf({ GOOGLE_CLOUD_PROJECT: 'msp-prod-1234' });
    assert.equal(env.project, 'msp-prod-1234');
    assert.equal(env.local, false);
    assert.equal(env.intakeUrl, undefined);
    assert.equal(env.mackerelBaseUrl, undefined, 'Mackerel itself');
    assert.throws(() => cliEnvOf({}), UsageError);
    assert.throws(() => cliEnvOf({ GOOGLE_CLOUD_PROJECT: 'Bad Project' }), /GOOGLE_CLOUD_PROJECT/);
    assert.equal(
      cliEnvOf({ GOOGLE_CLOUD_PROJECT: 'msp-prod-1234', MSP_INTAKE_URL: 'https://i.example' }).intakeUrl,
      'https://i.example',
    );
  });

  it('never mixes local and Google Cloud services', () => {
    const local = cliEnvOf({ FIRESTORE_EMULATOR_HOST: '127.0.0.1:8086' });
    assert.throws(
      () => requireSameMode(local, 'PUBSUB_EMULATOR_HOST', undefined),
      /refusing to use Google Cloud/,
    );
    assert.doesNotThrow(() => requireSameMode(local, 'PUBSUB_EMULATOR_HOST', '127.0.0.1:8085'));
    const cloud = cliEnvOf({ GOOGLE_CLOUD_PROJECT: 'msp-prod-1234' });
    assert.throws(
      () => requireSameMode(cloud, 'PUBSUB_EMULATOR_HOST', '127.0.0.1:8085'),
      /set both or neither/,
    );
    assert.doesNotThrow(() => requireSameMode(cloud, 'PUBSUB_EMULATOR_HOST', undefined));
  });

  it('Secret Manager client options: plaintext to a local endpoint, defaults in Google Cloud', () => {
    assert.equal(secretManagerClientOptions(undefined), undefined);
    const local = secretManagerClientOptions('127.0.0.1:8071');
    assert.equal(local?.apiEndpoint, '127.0.0.1');
    assert.equal(local?.port, 8071);
  });
});
