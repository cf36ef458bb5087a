import type { OneOrgAuditRequest } from './audit-round-plan';

/** Daily; a little under a day, so hourly rounds that start a minute late do not push it to 25 hours. */
export const DRIFT_CHECK_EVERY_SECONDS = 23 * 3600 + 30 * 60;

/**
 * Whether this round compares the org's monitors with its templates: once a day, at once after a push
 * (so a fixed drift clears in the next round), and whenever a person asks for the org. Never without a
 * plan: an org nobody pushed to has nothing to drift from.
 */
export function driftCheckDue(
  reason: OneOrgAuditRequest['reason'],
  lastCheckedAt: number | null,
  planRenderedAt: number | null,
  now: number,
): boolean {
  if (planRenderedAt === null) return false;
  if (reason === 'on-demand' || lastCheckedAt === null || planRenderedAt >= lastCheckedAt) return true;
  return now - lastCheckedAt >= DRIFT_CHECK_EVERY_SECONDS;
}
