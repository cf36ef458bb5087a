import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  checkPost,
  csrfTokenOf,
  newSessionNonce,
  type PostProvenance,
} from '../../../../shared/console/auth/csrf-guard';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const ORIGIN = 'https://console.msp.example';
const SUBJECT = 'accounts.google.com:111';
const NONCE = 'nonce-of-this-session';

const post = (overrides: Partial<PostProvenance> = {}): PostProvenance => ({
  consoleOrigin: ORIGIN,
  origin: ORIGIN,
  secFetchSite: 'same-origin',
  cookieNonce: NONCE,
  formToken: csrfTokenOf(KEY, SUBJECT, NONCE),
  subject: SUBJECT,
  ...overrides,
});

describe('checkPost (CSRF)', () => {
  it('accepts a same-origin post carrying the token of this subject and nonce', () => {
    assert.deepEqual(checkPost(KEY, post()), { ok: true });
  });

  it('accepts a matching token when the browser sent neither Origin nor Sec-Fetch-Site', () => {
    assert.deepEqual(checkPost(KEY, post({ origin: undefined, secFetchSite: undefined })), { ok: true });
  });

  it('refuses a post the browser says came from another site, even with a valid token', () => {
    for (const site of ['cross-site', 'same-site', 'none']) {
      assert.deepEqual(checkPost(KEY, post({ secFetchSite: site })), {
        ok: false,
        reason: `Sec-Fetch-Site is ${site}`,
      });
    }
  });

  it('refuses a foreign Origin, including another port or scheme of the same host', () => {
    for (const origin of [
      'https://evil.example',
      'https://console.msp.example:8443',
      'http://console.msp.example',
      'null',
    ]) {
      assert.deepEqual(
        checkPost(KEY, post({ origin })),
        { ok: false, reason: 'Origin is another site' },
        origin,
      );
    }
  });

  it('refuses a post without the session cookie or without the form token', () => {
    assert.deepEqual(checkPost(KEY, post({ cookieNonce: undefined })), {
      ok: false,
      reason: 'no session token',
    });
    assert.deepEqual(checkPost(KEY, post({ formToken: undefined })), {
      ok: false,
      reason: 'no session token',
    });
  });

  it('refuses a token made for another subject, another nonce or with another key', () => {
    const mismatch = { ok: false, reason: 'session token does not match' };
    assert.deepEqual(
      checkPost(KEY, post({ formToken: csrfTokenOf(KEY, 'accounts.google.com:222', NONCE) })),
      mismatch,
    );
    assert.deepEqual(
      checkPost(KEY, post({ formToken: csrfTokenOf(KEY, SUBJECT, 'another-nonce') })),
      mismatch,
    );
    assert.deepEqual(
      checkPost(KEY, post({ formToken: csrfTokenOf(randomBytes(32), SUBJECT, NONCE) })),
      mismatch,
    );
    // The same token, checked for a person who did not get it.
    assert.deepEqual(checkPost(KEY, post({ subject: 'accounts.google.com:222' })), mismatch);
  });

  it('refuses a token of another length or an empty one without throwing', () => {
    const mismatch = { ok: false, reason: 'session token does not match' };
    assert.deepEqual(checkPost(KEY, post({ formToken: '' })), mismatch);
    assert.deepEqual(checkPost(KEY, post({ formToken: `${csrfTokenOf(KEY, SUBJECT, NONCE)}x` })), mismatch);
  });
});

describe('csrfTokenOf and newSessionNonce', () => {
  it('the token is deterministic for key, subject and nonce, and the subject/nonce split is unambiguous', () => {
    assert.equal(csrfTokenOf(KEY, SUBJECT, NONCE), csrfTokenOf(KEY, SUBJECT, NONCE));
    assert.notEqual(csrfTokenOf(KEY, 'ab', 'c'), csrfTokenOf(KEY, 'a', 'bc'));
  });

  it('nonces are fresh, url-safe, 24 characters (18 random bytes)', () => {
    const a = newSessionNonce();
    const b = newSessionNonce();
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9_-]{24}$/);
  });
});
