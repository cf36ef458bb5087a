import type { z } from 'zod';
import type { HourlyBucket } from '../model/hourly-bucket';

/** Half-open interval [from, to) of instants. */
export interface UsageRange {
  from: Date;
  to: Date;
}

/**
 * One CDN's transfer volume, whatever the provider. Answers bytes delivered to end users per UTC hour:
 * sorted, one bucket per hour the provider reported (zero-byte hours kept), only hours starting in the
 * range (the hour holding `from` included). Rejects with a UsageSourceError.
 */
export interface UsageSource {
  fetchHourly(range: UsageRange): Promise<HourlyBucket[]>;
}

export const USAGE_SOURCE_ERROR_KINDS = [
  'auth',
  'forbidden',
  'not-found',
  'rate-limited',
  'unavailable',
  'bad-response',
] as const;
export type UsageSourceErrorKind = (typeof USAGE_SOURCE_ERROR_KINDS)[number];

/**
 * Why a source could not answer. Messages are built from the status and the provider's own error text,
 * with the token scrubbed out (see providerDetail): never from a request object, which carries the token.
 * `retryable` failures may pass on another attempt within this run; the others need the next run or a person.
 */
export class UsageSourceError extends Error {
  override name = 'UsageSourceError';
  readonly status: number | undefined;
  readonly retryable: boolean;

  constructor(
    readonly kind: UsageSourceErrorKind,
    message: string,
    options: { status?: number; retryable?: boolean } = {},
  ) {
    super(message);
    this.status = options.status;
    this.retryable = options.retryable ?? false;
  }
}

/** What an HTTP status (not 2xx) means for a usage source. */
export function kindForStatus(status: number): UsageSourceErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status === 408 || status >= 500) return 'unavailable';
  return 'bad-response';
}

/**
 * The error for a provider's non-2xx answer. 408, 429 and 5xx are worth another try within the run;
 * `kind` overrides the status's own meaning when the provider's body says more (Cloudflare's 403 code 10000).
 */
export function errorForStatus(
  source: string,
  status: number,
  detail: string,
  kind: UsageSourceErrorKind = kindForStatus(status),
): UsageSourceError {
  const message = `${source} answered ${status}${detail === '' ? '' : `: ${detail}`}`;
  const retryable = status === 408 || status === 429 || status >= 500;
  return new UsageSourceError(kind, message, { status, retryable });
}

/** A 2xx body that does not have the documented shape: names the first field that is off. */
export function unexpectedBody(source: string, error: z.ZodError): UsageSourceError {
  const issue = error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? 'the body' : issue.path.join('.');
  return new UsageSourceError(
    'bad-response',
    `${source}: unexpected answer at ${where}: ${issue?.message ?? 'invalid'}`,
  );
}

const MAX_DETAIL_CHARS = 200;

/**
 * A provider's error text, fit for a message: the token cut out wherever it appears (a server may echo
 * the header it rejected) and the length bounded.
 */
export function providerDetail(text: string | undefined, secret: string): string {
  if (text === undefined) return '';
  const scrubbed = secret === '' ? text : text.split(secret).join('[redacted]');
  return scrubbed.length > MAX_DETAIL_CHARS ? `${scrubbed.slice(0, MAX_DETAIL_CHARS)}...` : scrubbed;
}
