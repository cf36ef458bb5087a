import { z } from 'zod';

/** Who signed IAP's assertions: https://cloud.google.com/iap/docs/signed-headers-howto. */
export const IAP_ISSUER = 'https://cloud.google.com/iap';

/**
 * The claims the console relies on, after the signature, issuer, audience and expiry were checked. IAP
 * puts the Google account in `email` and a stable id in `sub` (`accounts.google.com:<digits>`).
 */
export const iapClaimsSchema = z.object({
  sub: z.string().min(1),
  email: z.email(),
  iat: z.number(),
  exp: z.number(),
});

/** The signed-in person: who did an action (logs, silences) and whose CSRF session a token belongs to. */
export interface ConsoleIdentity {
  email: string;
  subject: string;
}

export type IapVerdict = { ok: true; identity: ConsoleIdentity } | { ok: false; reason: string };
