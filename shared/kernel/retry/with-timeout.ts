export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Client libraries retry unavailable backends for a minute or more; a webhook answer cannot wait that
 * long, so the caller sets its own deadline. The operation itself is not cancelled.
 */
export function withTimeout<T>(operation: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([operation, deadline]).finally(() => clearTimeout(timer));
}
