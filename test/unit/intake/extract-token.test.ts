import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractWebhookToken } from '../../../shared/intake/extract-token';

const TOKEN = 'Abc_def-0123456789xyz';
const basic = (userinfo: string) => `Basic ${Buffer.from(userinfo, 'utf8').toString('base64')}`;

describe('extractWebhookToken', () => {
  it('takes the token from the last path segment', () => {
    assert.deepEqual(extractWebhookToken(`/hooks/mackerel/${TOKEN}`, undefined), {
      kind: 'token',
      token: TOKEN,
    });
  });

  it('accepts the path with the function name in front (cloudfunctions.net/intake/...), in both forms', () => {
    assert.deepEqual(extractWebhookToken(`/intake/hooks/mackerel/${TOKEN}`, undefined), {
      kind: 'token',
      token: TOKEN,
    });
    assert.deepEqual(extractWebhookToken('/intake/hooks/mackerel', basic(`mackerel:${TOKEN}`)), {
      kind: 'token',
      token: TOKEN,
    });
  });

  it('ignores a trailing slash after the token', () => {
    assert.deepEqual(extractWebhookToken(`/hooks/mackerel/${TOKEN}/`, undefined), {
      kind: 'token',
      token: TOKEN,
    });
  });

  it('percent-decodes the path segment before checking its shape', () => {
    assert.deepEqual(extractWebhookToken('/hooks/mackerel/abc%2Ddef%5Fghi', undefined), {
      kind: 'token',
      token: 'abc-def_ghi',
    });
  });

  it('treats a malformed percent-encoding as no token instead of throwing', () => {
    assert.deepEqual(extractWebhookToken('/hooks/mackerel/abcdefgh%E0%A4%A', undefined), {
      kind: 'no-token',
    });
  });

  it('rejects an encoded slash or a nested path: a token is one plain segment', () => {
    assert.deepEqual(extractWebhookToken('/hooks/mackerel/abcdefgh%2Fijklmnop', undefined), {
      kind: 'no-token',
    });
    assert.deepEqual(extractWebhookToken(`/hooks/mackerel/extra/${TOKEN}`, undefined), { kind: 'no-token' });
  });

  it('takes the token from the basic-auth password when the path has none', () => {
    assert.deepEqual(extractWebhookToken('/hooks/mackerel', basic(`mackerel:${TOKEN}`)), {
      kind: 'token',
      token: TOKEN,
    });
    assert.deepEqual(extractWebhookToken('/hooks/mackerel/', basic(`:${TOKEN}`)), {
      kind: 'token',
      token: TOKEN,
    });
  });

  it('splits basic auth at the first colon only: the whole rest is the password', () => {
    // `TOKEN:x` is the password here, and a colon is not a token character.
    assert.deepEqual(extractWebhookToken('/hooks/mackerel', basic(`user:${TOKEN}:x`)), { kind: 'no-token' });
  });

  it('prefers the path token over a basic-auth password', () => {
    assert.deepEqual(extractWebhookToken(`/hooks/mackerel/${TOKEN}`, basic('user:otherTokenValue')), {
      kind: 'token',
      token: TOKEN,
    });
  });

  it('finds no token in basic auth without a colon, a non-Basic scheme, or no header', () => {
    assert.deepEqual(extractWebhookToken('/hooks/mackerel', basic(TOKEN)), { kind: 'no-token' });
    assert.deepEqual(extractWebhookToken('/hooks/mackerel', `Bearer ${TOKEN}`), { kind: 'no-token' });
    assert.deepEqual(
      extractWebhookToken('/hooks/mackerel', `Digest ${Buffer.from(`u:${TOKEN}`).toString('base64')}`),
      { kind: 'no-token' },
    );
    assert.deepEqual(extractWebhookToken('/hooks/mackerel', undefined), { kind: 'no-token' });
  });

  it('answers no-route outside /hooks/mackerel, including look-alike prefixes', () => {
    for (const path of [
      '/',
      '',
      '/hooks',
      '/hooks/other/abcdefgh',
      `/hooks/mackerelx/${TOKEN}`,
      `/x/hooks/mackerel/${TOKEN}`,
      `/intake/intake/hooks/mackerel/${TOKEN}`,
      `/intakex/hooks/mackerel/${TOKEN}`,
      `/intake/hooks/mackerelx/${TOKEN}`,
    ]) {
      assert.deepEqual(extractWebhookToken(path, basic(`u:${TOKEN}`)), { kind: 'no-route' }, path);
    }
  });

  it('rejects tokens that are too short, too long or contain odd characters', () => {
    assert.deepEqual(extractWebhookToken('/hooks/mackerel/abcdefg', undefined), { kind: 'no-token' });
    assert.deepEqual(extractWebhookToken('/hooks/mackerel/abcdefgh', undefined), {
      kind: 'token',
      token: 'abcdefgh',
    });
    assert.deepEqual(extractWebhookToken(`/hooks/mackerel/${'a'.repeat(200)}`, undefined), {
      kind: 'token',
      token: 'a'.repeat(200),
    });
    assert.deepEqual(extractWebhookToken(`/hooks/mackerel/${'a'.repeat(201)}`, undefined), {
      kind: 'no-token',
    });
    for (const odd of ['abcd.efgh', 'abcd%20efgh', 'abcd+efgh', 'abcdefgh%3D', "abcd'efgh"]) {
      assert.deepEqual(extractWebhookToken(`/hooks/mackerel/${odd}`, undefined), { kind: 'no-token' }, odd);
    }
    assert.deepEqual(extractWebhookToken('/hooks/mackerel', basic('u:short')), { kind: 'no-token' });
    assert.deepEqual(extractWebhookToken('/hooks/mackerel', basic('u:has space inside')), {
      kind: 'no-token',
    });
  });
});
