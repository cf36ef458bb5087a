import { z } from 'zod';
import { AUDIT_ERROR_KINDS, type AuditErrorKind, isKeyError } from '../audit-observation';
import type { DraftOf } from './finding';

/** Network trouble passes: only this many failed rounds in a row make a finding, so a blip mails nobody. */
export const DEFAULT_TRANSIENT_FAILURE_THRESHOLD = 3;

/** Consecutive rounds that failed for a passing reason (not the key); gone after any other outcome. */
export const failureStreakSchema = z.object({
  count: z.number().int().positive(),
  since: z.number().int().nonnegative(),
  errorKind: z.enum(AUDIT_ERROR_KINDS),
});
export type FailureStreak = z.infer<typeof failureStreakSchema>;

export function nextFailureStreak(
  previous: FailureStreak | null,
  errorKind: AuditErrorKind | null,
  now: number,
): FailureStreak | null {
  if (errorKind === null || isKeyError(errorKind)) return null;
  return { count: (previous?.count ?? 0) + 1, since: previous?.since ?? now, errorKind };
}

/** A key Mackerel rejects, or none at all: nothing will fix itself, so at once and critical. */
export function apiKeyFinding(errorKind: AuditErrorKind | null): DraftOf<'api-key'> | null {
  if (errorKind === null || !isKeyError(errorKind)) return null;
  return { key: 'api-key', kind: 'api-key', severity: 'critical', expiresAt: null, facts: { errorKind } };
}

export function auditFailingFinding(
  streak: FailureStreak | null,
  threshold: number,
): DraftOf<'audit-failing'> | null {
  if (streak === null || streak.count < threshold) return null;
  return {
    key: 'audit-failing',
    kind: 'audit-failing',
    severity: 'warning',
    expiresAt: null,
    facts: { errorKind: streak.errorKind, consecutiveFailures: streak.count, failingSince: streak.since },
  };
}

/** A key pasted into the wrong org's record: it works, but every fact it returns is another customer's. */
export function orgMismatchFinding(expectedOrg: string, actualOrg: string): DraftOf<'org-mismatch'> | null {
  if (expectedOrg === actualOrg) return null;
  return {
    key: 'org-mismatch',
    kind: 'org-mismatch',
    severity: 'critical',
    expiresAt: null,
    facts: { expectedOrg, actualOrg },
  };
}
