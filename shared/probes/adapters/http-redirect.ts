import type { HttpHop } from './http-exchange';
import { failure } from './probe-harness';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Credentials meant for one origin must not follow a redirect to another. */
const ORIGIN_BOUND_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
const BODY_HEADERS = new Set(['content-type', 'content-length']);

/** Only http(s) is probed: a configured or redirected file:, ftp: or data: URL is refused as policy. */
export function webUrl(raw: string, base?: URL): URL {
  const url = new URL(raw, base);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw failure('policy', `${url.protocol} URL refused`);
  return url;
}

export const isRedirect = (status: number, location: string | undefined): location is string =>
  REDIRECT_STATUSES.has(status) && location !== undefined && location !== '';

/** The request a redirect asks for, with fetch's method rules (303, and POST on 301/302, become GET). */
export function redirectedHop(hop: HttpHop, status: number, location: string): HttpHop {
  const url = webUrl(location, hop.url);
  const toGet = (status === 303 && hop.method !== 'HEAD') || (status <= 302 && hop.method === 'POST');
  const crossOrigin = url.origin !== hop.url.origin;
  const headers = Object.fromEntries(
    Object.entries(hop.headers).filter(([key]) => {
      const name = key.toLowerCase();
      return !(crossOrigin && ORIGIN_BOUND_HEADERS.has(name)) && !(toGet && BODY_HEADERS.has(name));
    }),
  );
  return { ...hop, url, headers, method: toGet ? 'GET' : hop.method, body: toGet ? undefined : hop.body };
}
