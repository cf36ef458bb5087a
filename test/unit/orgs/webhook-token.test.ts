import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { extractWebhookToken } from '../../../shared/intake/extract-token';
import { generateWebhookToken, hashWebhookToken } from '../../../shared/orgs/webhook-token';

describe('hashWebhookToken', () => {
  it('is the sha256 hex digest of the token', () => {
    // sha256("abc"), the FIPS 180-2 test vector.
    assert.equal(hashWebhookToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(
      hashWebhookToken('tökën'),
      createHash('sha256').update(Buffer.from('tökën', 'utf8')).digest('hex'),
    );
  });

  it('is stable and distinguishes tokens', () => {
    const token = generateWebhookToken();
    assert.equal(hashWebhookToken(token), hashWebhookToken(token));
    assert.notEqual(hashWebhookToken(token), hashWebhookToken(`${token}x`));
    assert.match(hashWebhookToken(token), /^[0-9a-f]{64}$/);
    assert.notEqual(hashWebhookToken(token), token);
  });
});

describe('generateWebhookToken', () => {
  it('makes unique 43-character URL-safe tokens (32 random bytes)', () => {
    const tokens = Array.from({ length: 200 }, () => generateWebhookToken());
    assert.equal(new Set(tokens).size, tokens.length);
    for (const token of tokens) {
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(token, 'base64url').length, 32);
      assert.equal(encodeURIComponent(token), token, 'needs no escaping in a URL');
    }
  });

  it('passes the shape extractWebhookToken requires, in the path and in basic auth', () => {
    for (let i = 0; i < 50; i++) {
      const token = generateWebhookToken();
      assert.deepEqual(extractWebhookToken(`/hooks/mackerel/${token}`, undefined), { kind: 'token', token });
      const basic = `Basic ${Buffer.from(`mackerel:${token}`).toString('base64')}`;
      assert.deepEqual(extractWebhookToken('/hooks/mackerel', basic), { kind: 'token', token });
    }
  });
});
