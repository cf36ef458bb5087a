import type { IncomingHttpHeaders } from 'node:http';
import { cloudflareError } from './cloudflare-graphql-answer';
import { fastlyError } from './fastly-stats-answer';
import { jstreamError } from './jstream-traffic-answer';
import type { StandinAnswer, StandinProvider } from './standin-answer';

export type FaultStatus = 429 | 500 | 502 | 503;

const faultMessages: Record<FaultStatus, string> = {
  429: 'too many requests',
  500: 'internal server error',
  502: 'bad gateway',
  503: 'service unavailable',
};

interface ProviderRules {
  /** Whether the request carries this provider's credential for `token`. */
  authorized(headers: IncomingHttpHeaders, token: string): boolean;
  /** The provider's answer to a missing or wrong credential. */
  unauthorized: StandinAnswer;
  /** The provider's error body for an injected fault. */
  fault(status: FaultStatus): StandinAnswer;
}

/** Auth and error shapes per provider, as each documents them (J-Stream's are this stand-in's own). */
export const standinProviders: Record<StandinProvider, ProviderRules> = {
  fastly: {
    authorized: (headers, token) => headers['fastly-key'] === token,
    unauthorized: fastlyError(401, 'Provided credentials are missing or invalid'),
    fault: (status) => fastlyError(status, faultMessages[status]),
  },
  cloudflare: {
    authorized: (headers, token) => headers.authorization === `Bearer ${token}`,
    // Cloudflare answers a bad token with 403 and error code 10000.
    unauthorized: cloudflareError(403, 10000, 'Authentication error'),
    // 971 is Cloudflare's "please wait and consider throttling"; for 5xx the status doubles as the code.
    fault: (status) => cloudflareError(status, status === 429 ? 971 : status, faultMessages[status]),
  },
  jstream: {
    authorized: (headers, token) => headers['x-api-key'] === token,
    unauthorized: jstreamError(401, 'unauthorized', 'invalid or missing API key'),
    fault: (status) =>
      jstreamError(status, status === 429 ? 'rate_limited' : 'unavailable', faultMessages[status]),
  },
};

/** Which provider route a request is for, and the service, zone or site it names in its path. */
export function providerRoute(
  method: string | undefined,
  pathname: string,
): { provider: StandinProvider; key: string } | undefined {
  const fastly = /^\/stats\/service\/([^/]+)$/.exec(pathname);
  if (method === 'GET' && fastly?.[1] !== undefined) {
    return { provider: 'fastly', key: decodeURIComponent(fastly[1]) };
  }
  if (method === 'POST' && pathname === '/client/v4/graphql') return { provider: 'cloudflare', key: '' };
  const jstream = /^\/cdnext\/v1\/sites\/([^/]+)\/traffic$/.exec(pathname);
  if (method === 'GET' && jstream?.[1] !== undefined) {
    return { provider: 'jstream', key: decodeURIComponent(jstream[1]) };
  }
  return undefined;
}
