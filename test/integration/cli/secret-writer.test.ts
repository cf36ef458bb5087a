import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { LocalSecretManager } from '../../../local/secrets/local-secret-manager';
import { createLogger } from '../../../shared/kernel/log/logger';
import { SecretManagerSecretReader } from '../../../shared/platform/secrets/secret-manager-secret-reader';
import { SecretManagerSecretWriter } from '../../../shared/platform/secrets/secret-manager-secret-writer';

const PROJECT = 'cli-secret-test';
const server = new LocalSecretManager({ projectId: PROJECT, port: 0, logger: createLogger({}, () => {}) });
let writer: SecretManagerSecretWriter;
let reader: SecretManagerSecretReader;

before(async () => {
  await server.start();
  writer = new SecretManagerSecretWriter({ projectId: PROJECT, clientOptions: server.clientOptions() });
  reader = new SecretManagerSecretReader({ projectId: PROJECT, clientOptions: server.clientOptions() });
});
after(async () => {
  await Promise.all([writer?.close(), reader?.close()]);
  await server.stop();
});

/** Rejects, and nothing about the error shows `value`. */
const rejectsWithout = (promise: Promise<unknown>, value: string) =>
  assert.rejects(promise, (error) => !inspect(error).includes(value));

describe('SecretManagerSecretWriter with the real client against the local Secret Manager', () => {
  it('creates a missing secret, then adds versions that the reader reads as latest', async () => {
    assert.deepEqual(await writer.addSecretVersion('mackerel-api-key-acme', 'first-key'), { version: '1' });
    assert.deepEqual(await writer.addSecretVersion('mackerel-api-key-acme', 'second-key'), { version: '2' });
    assert.equal(await reader.read('mackerel-api-key-acme'), 'second-key');
    assert.equal(server.versionCount('mackerel-api-key-acme'), 2);
  });

  it('adds to a secret that exists without versions (as Terraform creates them)', async () => {
    const client = new SecretManagerServiceClient({ projectId: PROJECT, ...server.clientOptions() });
    await client.createSecret({
      parent: `projects/${PROJECT}`,
      secretId: 'mackerel-api-key-beta',
      secret: { replication: { automatic: {} } },
    });
    await client.close();
    assert.equal(server.versionCount('mackerel-api-key-beta'), 0);
    const writes = server.writeCount;
    assert.deepEqual(await writer.addSecretVersion('mackerel-api-key-beta', 'beta-key'), { version: '1' });
    assert.equal(server.writeCount - writes, 1, 'one AddSecretVersion, no CreateSecret');
    assert.equal(server.latestValue('mackerel-api-key-beta'), 'beta-key');
  });

  it('refuses a name Secret Manager could not hold and a blank value, sending nothing, showing no value', async () => {
    const writes = server.writeCount;
    await rejectsWithout(writer.addSecretVersion('../other/secrets/x', 'value-123'), 'value-123');
    await assert.rejects(writer.addSecretVersion('mackerel-api-key-acme', '  '), /blank value/);
    assert.equal(server.writeCount, writes);
  });

  it('an unreachable Secret Manager is an error that never shows the value', async () => {
    const down = new LocalSecretManager({ projectId: PROJECT, port: 0, logger: createLogger({}, () => {}) });
    await down.start();
    const options = down.clientOptions();
    await down.stop();
    const offline = new SecretManagerSecretWriter({
      projectId: PROJECT,
      clientOptions: options,
      timeoutMs: 500,
    });
    await rejectsWithout(
      offline.addSecretVersion('mackerel-api-key-acme', 'never-shown-7f3a'),
      'never-shown-7f3a',
    );
    await offline.close();
  });
});
