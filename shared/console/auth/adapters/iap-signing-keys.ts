import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

/** Google's published IAP keys (JWK); the local stack serves its own at another URL. */
export const IAP_PUBLIC_KEYS_URL = 'https://www.gstatic.com/iap/verify/public_key-jwk';

/** IAP's signing keys, fetched on first use and when an unknown `kid` arrives (jose caches them). */
export const iapSigningKeys = (url: string): JWTVerifyGetKey =>
  createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
