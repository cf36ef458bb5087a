import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompactSign, createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { IAP_ISSUER } from '../../../../shared/console/auth/iap-identity';
import { verifyIapAssertion } from '../../../../shared/console/auth/verify-iap-assertion';

const AUDIENCE = '/projects/123456/global/backendServices/789';
const expected = { audience: AUDIENCE, issuer: IAP_ISSUER };
const NOW = new Date('2026-03-10T03:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function setup() {
  const iap = await generateKeyPair('ES256', { extractable: true });
  const other = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(iap.publicKey)), kid: 'iap-1', alg: 'ES256' };
  const keys = createLocalJWKSet({ keys: [jwk] });

  const claims = (overrides: JWTPayload = {}): JWTPayload => ({
    iss: IAP_ISSUER,
    aud: AUDIENCE,
    sub: 'accounts.google.com:1234567890',
    email: 'Hanako.Yamada@MSP.example',
    iat: nowSeconds - 60,
    exp: nowSeconds + 540,
    ...overrides,
  });
  const sign = (payload: JWTPayload, { key = iap.privateKey, kid = 'iap-1' } = {}) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid }).sign(key);
  const verify = (token: string | undefined) => verifyIapAssertion(token, keys, expected, NOW);
  return { sign, claims, verify, other, iap };
}

describe('verifyIapAssertion', () => {
  it('accepts a token IAP signed, with the email lower-cased and the subject as given', async () => {
    const { sign, claims, verify } = await setup();
    assert.deepEqual(await verify(await sign(claims())), {
      ok: true,
      identity: { email: 'hanako.yamada@msp.example', subject: 'accounts.google.com:1234567890' },
    });
  });

  it('refuses a missing or empty assertion', async () => {
    const { verify } = await setup();
    assert.deepEqual(await verify(undefined), { ok: false, reason: 'missing' });
    assert.deepEqual(await verify(''), { ok: false, reason: 'missing' });
  });

  it('refuses an expired token beyond the 30 s tolerance, but not within it', async () => {
    const { sign, claims, verify } = await setup();
    assert.deepEqual(await verify(await sign(claims({ iat: nowSeconds - 700, exp: nowSeconds - 31 }))), {
      ok: false,
      reason: 'expired',
    });
    assert.equal(
      (await verify(await sign(claims({ iat: nowSeconds - 600, exp: nowSeconds - 20 })))).ok,
      true,
    );
  });

  it('refuses another audience and another issuer', async () => {
    const { sign, claims, verify } = await setup();
    assert.deepEqual(
      await verify(await sign(claims({ aud: '/projects/123456/global/backendServices/000' }))),
      { ok: false, reason: 'bad claim aud' },
    );
    assert.deepEqual(await verify(await sign(claims({ iss: 'https://accounts.google.com' }))), {
      ok: false,
      reason: 'bad claim iss',
    });
  });

  it('refuses a token signed by another key under the same kid, or under an unknown kid', async () => {
    const { sign, claims, verify, other } = await setup();
    assert.deepEqual(await verify(await sign(claims(), { key: other.privateKey })), {
      ok: false,
      reason: 'bad signature',
    });
    assert.deepEqual(await verify(await sign(claims(), { key: other.privateKey, kid: 'iap-9' })), {
      ok: false,
      reason: 'unknown signing key',
    });
  });

  it('refuses an HS256 token (e.g. the public key used as an HMAC secret)', async () => {
    const { claims, verify } = await setup();
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: 'iap-1' })
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!'));
    assert.deepEqual(await verify(token), { ok: false, reason: 'algorithm not allowed' });
  });

  it('refuses alg none as an algorithm not allowed, without throwing', async () => {
    const { claims, verify } = await setup();
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims())}.`;
    assert.deepEqual(await verify(token), { ok: false, reason: 'algorithm not allowed' });
  });

  it('refuses a properly signed token whose payload is not JSON as malformed', async () => {
    const { iap, verify } = await setup();
    const token = await new CompactSign(new TextEncoder().encode('not json'))
      .setProtectedHeader({ alg: 'ES256', kid: 'iap-1' })
      .sign(iap.privateKey);
    assert.deepEqual(await verify(token), { ok: false, reason: 'malformed (ERR_JWT_INVALID)' });
  });

  it('refuses garbage with a malformed reason, never a throw', async () => {
    const { verify } = await setup();
    for (const garbage of ['garbage', 'a.b.c', 'x.y', '...']) {
      const verdict = await verify(garbage);
      assert.deepEqual(verdict, { ok: false, reason: 'malformed (ERR_JWS_INVALID)' }, garbage);
    }
  });

  it('refuses a token issued in the future beyond the tolerance, but not within it', async () => {
    const { sign, claims, verify } = await setup();
    assert.deepEqual(await verify(await sign(claims({ iat: nowSeconds + 31, exp: nowSeconds + 600 }))), {
      ok: false,
      reason: 'issued in the future',
    });
    assert.equal(
      (await verify(await sign(claims({ iat: nowSeconds + 20, exp: nowSeconds + 600 })))).ok,
      true,
    );
  });

  it('refuses a token without an email claim, or with one that is not an address', async () => {
    const { sign, claims, verify } = await setup();
    const { email: _email, ...withoutEmail } = claims();
    assert.deepEqual(await verify(await sign(withoutEmail)), { ok: false, reason: 'bad claim email' });
    assert.deepEqual(await verify(await sign(claims({ email: 'not an address' }))), {
      ok: false,
      reason: 'bad claim email',
    });
  });

  it('refuses a token without a subject', async () => {
    const { sign, claims, verify } = await setup();
    const { sub: _sub, ...withoutSub } = claims();
    assert.deepEqual(await verify(await sign(withoutSub)), { ok: false, reason: 'bad claim sub' });
  });
});
