import { type RetryPolicy, withRetry } from '../../kernel/retry/with-retry';
import { UsageSourceError } from '../sources/usage-source';

export interface CdnHttpOptions {
  /** Per attempt, reading the body included; a timeout counts as `unavailable` and is retried. */
  timeoutMs: number;
  retry: Omit<RetryPolicy, 'retryable'>;
}

/** An hourly run per contract can afford about a minute of patience with one provider. */
export const DEFAULT_CDN_HTTP_OPTIONS: CdnHttpOptions = {
  timeoutMs: 15_000,
  retry: { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 15_000 },
};

export interface JsonCall<T> {
  /** Names the provider in error messages. */
  source: string;
  url: string;
  init: Pick<RequestInit, 'method' | 'headers' | 'body'>;
  /** The error for a non-2xx answer (body is undefined when it was not JSON). */
  failure: (status: number, body: unknown) => UsageSourceError;
  /** Reads a 2xx body; throws a UsageSourceError when it is not what the provider documents. */
  read: (body: unknown) => T;
}

/**
 * Why fetch failed, from the error's code or name only: undici's messages can quote a header value,
 * and the token is a header value.
 */
function networkError(source: string, error: unknown, timeoutMs: number): UsageSourceError {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new UsageSourceError('unavailable', `${source} did not answer within ${timeoutMs} ms`, {
      retryable: true,
    });
  }
  const cause = error instanceof Error ? error.cause : undefined;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string'
      ? cause.code
      : error instanceof Error
        ? error.name
        : 'network error';
  return new UsageSourceError('unavailable', `${source} unreachable: ${code}`, { retryable: true });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function attempt<T>(call: JsonCall<T>, timeoutMs: number): Promise<T> {
  let status: number;
  let text: string;
  try {
    // AbortSignal rather than withTimeout: it also stops the request and the body read. Redirects are not
    // followed: fetch would carry custom auth headers (Fastly-Key, X-Api-Key) to wherever they point.
    const response = await fetch(call.url, {
      ...call.init,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw networkError(call.source, error, timeoutMs);
  }
  const body = parseJson(text);
  if (status < 200 || status > 299) throw call.failure(status, body);
  if (body === undefined) {
    throw new UsageSourceError(
      'bad-response',
      `${call.source} answered ${status} with a body that is not JSON`,
      {
        status,
      },
    );
  }
  return call.read(body);
}

/** One JSON exchange with a provider, retried with backoff and jitter while the failure is retryable. */
export function callJson<T>(
  call: JsonCall<T>,
  options: CdnHttpOptions = DEFAULT_CDN_HTTP_OPTIONS,
): Promise<T> {
  return withRetry(() => attempt(call, options.timeoutMs), {
    ...options.retry,
    retryable: (error) => error instanceof UsageSourceError && error.retryable,
  });
}
