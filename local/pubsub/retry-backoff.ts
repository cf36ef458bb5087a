export interface BackoffPolicy {
  minBackoffSeconds: number;
  maxBackoffSeconds: number;
}

/**
 * Delay before the next push after `failedAttempts` consecutive failures: doubling from the minimum,
 * capped at the maximum. Pub/Sub does not document its exact curve; doubling without jitter keeps
 * local runs and tests deterministic.
 */
export function retryDelayMs(failedAttempts: number, policy: BackoffPolicy, timeScale: number): number {
  const seconds = Math.min(policy.maxBackoffSeconds, policy.minBackoffSeconds * 2 ** (failedAttempts - 1));
  return seconds * 1000 * timeScale;
}
