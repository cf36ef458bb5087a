import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { IAP_ISSUER } from '../../shared/console/auth/iap-identity';

/** Lifetime IAP gives its assertions. */
const ASSERTION_SECONDS = 600;

export interface LocalIapSigner {
  /** The public half as IAP publishes its keys (a JWK set). */
  jwks: { keys: JWK[] };
  sign(email: string, options?: { now?: Date; audience?: string; lifetimeSeconds?: number }): Promise<string>;
}

/** A key pair of the local stack's own that signs assertions shaped like IAP's (ES256, kid, iss, aud). */
export async function createLocalIapSigner(audience: string): Promise<LocalIapSigner> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `local-${randomUUID()}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return {
    jwks: { keys: [jwk] },
    async sign(email, options = {}) {
      const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
      return new SignJWT({ email })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setIssuer(IAP_ISSUER)
        .setAudience(options.audience ?? audience)
        .setSubject(`accounts.google.com:local-${Buffer.from(email).toString('hex').slice(0, 20)}`)
        .setIssuedAt(nowSeconds)
        .setExpirationTime(nowSeconds + (options.lifetimeSeconds ?? ASSERTION_SECONDS))
        .sign(privateKey);
    },
  };
}
