/** Exit codes: scripts tell a mistyped command (2) from an operation that failed or found nothing (1). */
export const EXIT_CODES = { ok: 0, failed: 1, usage: 2 } as const;

/** The invocation itself is wrong (arguments, options, environment): exit 2, nothing was changed. */
export class UsageError extends Error {
  override name = 'UsageError';
}
