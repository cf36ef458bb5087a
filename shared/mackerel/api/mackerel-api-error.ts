/**
 * What went wrong, as the audit needs to tell it apart:
 * - invalid-key: 401, the key was revoked or mistyped.
 * - forbidden: 403, the key lacks Read/Write permission or our address is outside the org's API IP restriction.
 * - not-found: 404. bad-request: 400, 413 and other 4xx.
 * - rate-limited: 429 on every attempt. unavailable: 5xx, network error or timeout on every attempt.
 * - bad-response: the answer is not what the API documents (not JSON, wrong shape, an unexpected redirect).
 */
export type MackerelApiErrorKind =
  | 'invalid-key'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'unavailable'
  | 'bad-response'
  | 'bad-request';

export interface MackerelApiErrorDetails {
  /** The HTTP status, when Mackerel answered. */
  status?: number;
  /** For bad-response: the dotted path of the first field that failed (`hosts.0.status`). */
  fieldPath?: string;
  /** Which attempt failed last (1 when the error was not worth a retry). */
  attempts: number;
}

/** One error class for every API failure. Messages name the method and path, never the API key. */
export class MackerelApiError extends Error {
  override name = 'MackerelApiError';
  readonly status: number | undefined;
  readonly fieldPath: string | undefined;
  readonly attempts: number;

  constructor(
    readonly kind: MackerelApiErrorKind,
    message: string,
    details: MackerelApiErrorDetails,
  ) {
    super(message);
    this.status = details.status;
    this.fieldPath = details.fieldPath;
    this.attempts = details.attempts;
  }

  /** Rate limits and outages pass; a bad key, a missing permission or a bad request will not. */
  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'unavailable';
  }
}

/** The kind for a non-2xx status Mackerel answered with. */
export function errorKindForStatus(status: number): MackerelApiErrorKind {
  if (status === 401) return 'invalid-key';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'unavailable';
  if (status >= 400) return 'bad-request';
  // 1xx/3xx: redirects are not followed (they could carry the key elsewhere).
  return 'bad-response';
}
