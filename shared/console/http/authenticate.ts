import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { CSRF_COOKIE, CSRF_FIELD, checkPost, csrfTokenOf, newSessionNonce } from '../auth/csrf-guard';
import { verifyIapAssertion } from '../auth/verify-iap-assertion';
import type { ConsoleDeps, ConsoleEnv } from './console-env';
import { problem } from './problem-response';

const IAP_HEADER = 'x-goog-iap-jwt-assertion';
const SESSION_COOKIE_MAX_AGE = 12 * 60 * 60;

/**
 * Every request: IAP's signed assertion (refused without one, or with one that does not verify), the
 * person's role, the per-session nonce, and for a POST the proof that a console page sent it.
 */
export function authenticate(deps: ConsoleDeps): MiddlewareHandler<ConsoleEnv> {
  const secureCookie = deps.settings.origin.startsWith('https:');
  return async (c, next) => {
    const now = deps.now();
    const path = c.req.path;
    const verdict = await verifyIapAssertion(c.req.header(IAP_HEADER), deps.iapKeys, deps.iap, now);
    if (!verdict.ok) {
      deps.logger.warn('console request refused: no valid IAP assertion', { reason: verdict.reason, path });
      return problem(c, 401, [`IAP assertion refused: ${verdict.reason}`]);
    }
    const { identity } = verdict;
    const user = await deps.users.get(identity.email);
    if (user === undefined) {
      deps.logger.warn('console request refused: no console role', { user: identity.email, path });
      return problem(c, 403, [
        `${identity.email} has no console role; an operator grants one with msp-ops console grant`,
      ]);
    }
    let nonce = getCookie(c, CSRF_COOKIE);
    if (nonce === undefined || !/^[\w-]{16,64}$/.test(nonce)) {
      nonce = newSessionNonce();
      setCookie(c, CSRF_COOKIE, nonce, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: secureCookie,
        path: '/',
        maxAge: SESSION_COOKIE_MAX_AGE,
      });
    }
    const key = await deps.csrfKey();
    const log = deps.logger.child({ user: identity.email, role: user.role });
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      const token = form[CSRF_FIELD];
      const check = checkPost(key, {
        consoleOrigin: deps.settings.origin,
        origin: c.req.header('origin'),
        secFetchSite: c.req.header('sec-fetch-site'),
        cookieNonce: getCookie(c, CSRF_COOKIE),
        formToken: typeof token === 'string' ? token : undefined,
        subject: identity.subject,
      });
      if (!check.ok) {
        log.warn('console POST refused: not from a console page', { reason: check.reason, path });
        return problem(c, 403, [`refused: ${check.reason}; reload the page and try again`]);
      }
    }
    c.set('log', log);
    c.set('ctx', {
      identity,
      role: user.role,
      csrfToken: csrfTokenOf(key, identity.subject, nonce),
      now,
      mackerelBaseUrl: deps.settings.mackerelBaseUrl,
    });
    await next();
  };
}
