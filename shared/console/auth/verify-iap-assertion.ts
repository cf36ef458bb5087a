import { errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { type IapVerdict, iapClaimsSchema } from './iap-identity';

export interface IapExpectation {
  /** `/projects/NUMBER/global/backendServices/ID` behind a load balancer (infra/console.tf). */
  audience: string;
  issuer: string;
}

/** IAP signs with ES256 only; anything else (`none`, HS256 with the public key as secret) is refused. */
const ALGORITHMS = ['ES256'];
// IAP's clock and ours may differ a little; its assertions live 10 minutes.
const CLOCK_TOLERANCE_SECONDS = 30;

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `bad claim ${error.claim}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown signing key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JOSEError) return `malformed (${error.code})`;
  throw error;
}

/**
 * Checks `x-goog-iap-jwt-assertion` as Google documents it: signature by one of IAP's keys, ES256, issuer,
 * audience, expiry and issue time. The reason of a refusal is for logs; the token itself is never logged.
 */
export async function verifyIapAssertion(
  assertion: string | undefined,
  keys: JWTVerifyGetKey,
  expected: IapExpectation,
  now: Date,
): Promise<IapVerdict> {
  if (assertion === undefined || assertion === '') return { ok: false, reason: 'missing' };
  try {
    const { payload } = await jwtVerify(assertion, keys, {
      algorithms: ALGORITHMS,
      issuer: expected.issuer,
      audience: expected.audience,
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'iat', 'sub', 'email'],
    });
    const claims = iapClaimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: `bad claim ${claims.error.issues[0]?.path.join('.')}` };
    if (claims.data.iat > now.getTime() / 1000 + CLOCK_TOLERANCE_SECONDS) {
      return { ok: false, reason: 'issued in the future' };
    }
    return { ok: true, identity: { email: claims.data.email.toLowerCase(), subject: claims.data.sub } };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}
