/** Exit codes: scripts tell a mistyped command (2) from an operation that failed or found nothing (1). */
export const EXIT_CODES = { ok: 0, failed: 1, usage: 2, differences: 3 } as const;

/** The command printed its report and ends with this code (`monitors diff --exit-code`, a failed org). */
export class ReportedExit extends Error {
  override name = 'ReportedExit';
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** The invocation itself is wrong (arguments, options, environment): exit 2, nothing was changed. */
export class UsageError extends Error {
  override name = 'UsageError';
}
