/**
 * Mackerel cannot sign requests, so the caller is known only by a secret in the URL: the last path
 * segment of /hooks/mackerel/<token>, or the password of https://user:<token>@host/hooks/mackerel.
 *
 * Google strips the function name from REGION-PROJECT.cloudfunctions.net/intake/... before the function
 * sees the path (and run.app URLs never carry it), so /hooks/mackerel is what arrives; /intake/hooks/mackerel
 * is accepted too, so a proxy or rewrite that keeps the name does not lock every org out.
 */
const PATH_PREFIX = '/hooks/mackerel';
const FUNCTION_PREFIX = /^\/intake(?=\/hooks\/mackerel(\/|$))/;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{8,200}$/;

export type TokenExtraction = { kind: 'token'; token: string } | { kind: 'no-route' } | { kind: 'no-token' };

function basicAuthPassword(authorization: string | undefined): string | undefined {
  if (!authorization?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

export function extractWebhookToken(path: string, authorization: string | undefined): TokenExtraction {
  const trimmed = path.replace(/\/+$/, '').replace(FUNCTION_PREFIX, '');
  if (trimmed !== PATH_PREFIX && !trimmed.startsWith(`${PATH_PREFIX}/`)) return { kind: 'no-route' };
  const segment = trimmed.slice(PATH_PREFIX.length + 1);
  const candidate = segment.length > 0 ? decodeURIComponentSafe(segment) : basicAuthPassword(authorization);
  if (candidate === undefined || !TOKEN_SHAPE.test(candidate)) return { kind: 'no-token' };
  return { kind: 'token', token: candidate };
}

function decodeURIComponentSafe(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
