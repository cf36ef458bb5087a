import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * POSTs carry the IAP cookie even when another site makes them, so each one must prove it came from a
 * console page: the browser says where it came from (Sec-Fetch-Site, Origin), and the form carries a token
 * that only a page of this person's session could hold (an HMAC of their IAP subject and a per-session
 * nonce kept in a cookie).
 */
export const CSRF_COOKIE = 'console-session';
export const CSRF_FIELD = 'csrf';

export const newSessionNonce = (): string => randomBytes(18).toString('base64url');

export function csrfTokenOf(key: Buffer, subject: string, nonce: string): string {
  return createHmac('sha256', key).update(`${subject}\n${nonce}`).digest('base64url');
}

export interface PostProvenance {
  /** The console's own origin (scheme://host[:port]). */
  consoleOrigin: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  cookieNonce: string | undefined;
  formToken: string | undefined;
  subject: string;
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

export function checkPost(key: Buffer, post: PostProvenance): CsrfVerdict {
  if (post.secFetchSite !== undefined && post.secFetchSite !== 'same-origin') {
    return { ok: false, reason: `Sec-Fetch-Site is ${post.secFetchSite}` };
  }
  if (post.origin !== undefined && post.origin !== post.consoleOrigin) {
    return { ok: false, reason: 'Origin is another site' };
  }
  if (post.cookieNonce === undefined || post.formToken === undefined) {
    return { ok: false, reason: 'no session token' };
  }
  const expected = Buffer.from(csrfTokenOf(key, post.subject, post.cookieNonce));
  const given = Buffer.from(post.formToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'session token does not match' };
  }
  return { ok: true };
}
