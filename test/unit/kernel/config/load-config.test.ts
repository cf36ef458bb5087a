import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../../../../shared/kernel/config/load-config';

const schema = z.object({
  NAME: z.string().min(3, 'too short'),
  PORT: z.coerce.number().int().default(8080),
  MODE: z.enum(['a', 'b']).optional(),
});

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('returns the parsed values with defaults applied and unknown variables dropped', () => {
    const config = loadConfig('test', schema, { NAME: 'abc', PATH: '/usr/bin', HOME: '/root' });
    assert.deepEqual(config, { NAME: 'abc', PORT: 8080 });
  });

  it('reads process.env by default', () => {
    const saved = process.env.NAME;
    process.env.NAME = 'from-process-env';
    try {
      assert.equal(loadConfig('test', schema).NAME, 'from-process-env');
    } finally {
      if (saved === undefined) delete process.env.NAME;
      else process.env.NAME = saved;
    }
  });

  it('names every bad or missing variable in one ConfigError', () => {
    const error = configErrorOf(() => loadConfig('my-fn', schema, { PORT: 'eighty', MODE: 'c' }));
    assert.equal(error.name, 'ConfigError');
    assert.ok(error instanceof Error);
    assert.match(error.message, /^my-fn cannot start, bad configuration: /);
    assert.match(error.message, /NAME: missing/);
    assert.match(error.message, /PORT: /);
    assert.match(error.message, /MODE: /);
  });

  it('reports a present but bad variable with the reason, not as missing', () => {
    const error = configErrorOf(() => loadConfig('my-fn', schema, { NAME: 'ab' }));
    assert.equal(error.message, 'my-fn cannot start, bad configuration: NAME: too short');
  });

  it('never echoes a value', () => {
    const secret = 'sk_live_9f8e7d6c5b4a';
    const error = configErrorOf(() => loadConfig('my-fn', schema, { NAME: 'x', PORT: secret, MODE: secret }));
    assert.ok(!error.message.includes(secret), error.message);
    assert.ok(!error.message.includes('sk_live'), error.message);
  });

  it('labels an issue about the environment as a whole', () => {
    const whole = z
      .object({ A: z.string().optional() })
      .refine((env) => env.A !== undefined, 'A is required here');
    const error = configErrorOf(() => loadConfig('my-fn', whole, {}));
    assert.equal(error.message, 'my-fn cannot start, bad configuration: (environment): A is required here');
  });
});
