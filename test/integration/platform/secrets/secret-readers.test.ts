import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { LocalSecretManager } from '../../../../local/secrets/local-secret-manager';
import { createLogger } from '../../../../shared/kernel/log/logger';
import { SecretNotFoundError } from '../../../../shared/kernel/ports/secret-reader';
import {
  LOCAL_SECRETS_FILE_ENV,
  LocalSecretReader,
  secretEnvName,
} from '../../../../shared/platform/secrets/local-secret-reader';
import { SecretManagerSecretReader } from '../../../../shared/platform/secrets/secret-manager-secret-reader';

const PROJECT = 'msp-local-test';
const VALUE = 'mkr-secret-value-3b9d1e';

/** Resolves to the rejection, failing if there was none. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

async function assertNotFound(promise: Promise<unknown>, name: string): Promise<void> {
  const error = await rejection(promise);
  assert.ok(error instanceof SecretNotFoundError, inspect(error));
  assert.equal(error.secretName, name);
}

describe('SecretManagerSecretReader with the real client against a local Secret Manager', () => {
  const server = new LocalSecretManager({
    projectId: PROJECT,
    port: 0,
    secrets: { 'mackerel-api-key-acme': `${VALUE}\n`, 'mackerel-api-key-old': 'x', blank: '  \n' },
    logger: createLogger({}, () => {}),
  });
  const readers: SecretManagerSecretReader[] = [];
  const reader = (options: { cacheTtlMs?: number; now?: () => number; timeoutMs?: number } = {}) => {
    const created = new SecretManagerSecretReader({
      projectId: PROJECT,
      clientOptions: server.clientOptions(),
      ...options,
    });
    readers.push(created);
    return created;
  };

  before(() => server.start());
  after(async () => {
    await Promise.all(readers.map((r) => r.close()));
    await server.stop();
  });

  it('reads the latest version, trimmed', async () => {
    assert.equal(await reader().read('mackerel-api-key-acme'), VALUE);
  });

  it('a missing secret, a disabled latest version or a blank value: SecretNotFoundError', async () => {
    const r = reader();
    await assertNotFound(r.read('mackerel-api-key-nobody'), 'mackerel-api-key-nobody');
    server.disableLatestVersion('mackerel-api-key-old');
    await assertNotFound(r.read('mackerel-api-key-old'), 'mackerel-api-key-old');
    await assertNotFound(r.read('blank'), 'blank');
  });

  it('a name Secret Manager could not hold is not sent at all', async () => {
    const before = server.accessCount;
    await assertNotFound(reader().read('../other-project/secrets/x'), '../other-project/secrets/x');
    assert.equal(server.accessCount, before);
  });

  it('without a cache, every read asks again', async () => {
    const r = reader();
    const before = server.accessCount;
    await r.read('mackerel-api-key-acme');
    await r.read('mackerel-api-key-acme');
    assert.equal(server.accessCount - before, 2);
  });

  it('with a cache, concurrent and repeated reads share one call until the TTL passes', async () => {
    let now = 1_000_000;
    const r = reader({ cacheTtlMs: 60_000, now: () => now });
    server.setSecret('rotating', 'first');
    const before = server.accessCount;
    const values = await Promise.all([r.read('rotating'), r.read('rotating'), r.read('rotating')]);
    assert.deepEqual(values, ['first', 'first', 'first']);
    server.setSecret('rotating', 'second');
    now += 59_000;
    assert.equal(await r.read('rotating'), 'first');
    assert.equal(server.accessCount - before, 1);
    now += 2_000;
    assert.equal(await r.read('rotating'), 'second');
    assert.equal(server.accessCount - before, 2);
  });

  it('a failed read is not cached', async () => {
    const r = reader({ cacheTtlMs: 60_000 });
    await assertNotFound(r.read('late'), 'late');
    server.setSecret('late', 'now here');
    assert.equal(await r.read('late'), 'now here');
  });

  it('an unreachable Secret Manager is an error, but not SecretNotFoundError, and never shows a value', async () => {
    const down = new LocalSecretManager({ projectId: PROJECT, port: 0, logger: createLogger({}, () => {}) });
    await down.start();
    const options = down.clientOptions();
    await down.stop();
    const r = new SecretManagerSecretReader({ projectId: PROJECT, clientOptions: options, timeoutMs: 500 });
    readers.push(r);
    const error = await rejection(r.read('mackerel-api-key-acme'));
    assert.ok(!(error instanceof SecretNotFoundError));
    assert.ok(!inspect(error).includes(VALUE));
  });
});

describe('LocalSecretReader', () => {
  let dir: string;
  let file: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'secrets-'));
    file = join(dir, 'secrets.json');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('maps a secret name to its environment variable', () => {
    assert.equal(secretEnvName('mackerel-api-key-acme'), 'SECRET_MACKEREL_API_KEY_ACME');
    assert.equal(secretEnvName('cdn.token'), 'SECRET_CDN_TOKEN');
  });

  it('reads the file named by MSP_LOCAL_SECRETS_FILE, trimmed, and sees edits at once', async () => {
    await writeFile(file, JSON.stringify({ 'mackerel-api-key-demo': ' demo-local-api-key\n' }));
    const reader = new LocalSecretReader({ [LOCAL_SECRETS_FILE_ENV]: file });
    assert.equal(await reader.read('mackerel-api-key-demo'), 'demo-local-api-key');
    await writeFile(file, JSON.stringify({ 'mackerel-api-key-demo': 'rotated' }));
    assert.equal(await reader.read('mackerel-api-key-demo'), 'rotated');
    await assertNotFound(reader.read('mackerel-api-key-acme'), 'mackerel-api-key-acme');
  });

  it('an environment variable wins over the file', async () => {
    await writeFile(file, JSON.stringify({ 'mackerel-api-key-demo': 'from-file' }));
    const reader = new LocalSecretReader({
      [LOCAL_SECRETS_FILE_ENV]: file,
      SECRET_MACKEREL_API_KEY_DEMO: 'from-env',
    });
    assert.equal(await reader.read('mackerel-api-key-demo'), 'from-env');
  });

  it('without a file, only the environment; blank counts as missing', async () => {
    const reader = new LocalSecretReader({ SECRET_ONLY_ENV: 'v', SECRET_BLANK: '  ' });
    assert.equal(await reader.read('only-env'), 'v');
    await assertNotFound(reader.read('blank'), 'blank');
  });

  it('a broken file is an error that names the file and quotes none of it', async () => {
    await writeFile(file, `{"mackerel-api-key-demo": "${VALUE}", oops}`);
    const broken = rejection(new LocalSecretReader({ [LOCAL_SECRETS_FILE_ENV]: file }).read('x'));
    const error = await broken;
    assert.ok(error instanceof Error && error.message.includes(file));
    assert.ok(!inspect(error).includes(VALUE));
    await writeFile(file, JSON.stringify({ number: 5, text: VALUE }));
    const wrongShape = await rejection(
      new LocalSecretReader({ [LOCAL_SECRETS_FILE_ENV]: file }).read('text'),
    );
    assert.ok(wrongShape instanceof Error && !inspect(wrongShape).includes(VALUE));
  });
});
