import type { OrgPlan, PlanCounts } from '../plan/org-plan';

/** One object the push could not apply, with Mackerel's own message when it answered. */
export interface ObjectError {
  object: 'monitor' | 'downtime';
  name: string;
  message: string;
}

export interface AppliedCounts {
  created: number;
  updated: number;
  replaced: number;
  deleted: number;
}

export const NOTHING_APPLIED: AppliedCounts = { created: 0, updated: 0, replaced: 0, deleted: 0 };

/** An org that could not be read at all (no key, an outage): nothing planned, nothing applied. */
export const unreadOrg = (org: string, error: unknown): OrgPushOutcome => ({
  org,
  status: 'failed',
  plan: null,
  counts: null,
  applied: NOTHING_APPLIED,
  objectErrors: [],
  error: error instanceof Error ? error.message : String(error),
});

/**
 * One org's result. `planned`: a dry run or a diff. `applied`: every step done. `partial`: some objects
 * refused (a 400 names the field), the rest applied. `failed`: the org could not be read or written (a key
 * without write permission, an outage): `error` says why and `applied` what was done before.
 */
export type OrgPushOutcome =
  | { org: string; status: 'skipped'; reason: string }
  | { org: string; status: 'template-error'; errors: readonly string[] }
  | {
      org: string;
      status: 'planned' | 'applied' | 'partial' | 'failed';
      plan: OrgPlan | null;
      counts: PlanCounts | null;
      applied: AppliedCounts;
      objectErrors: ObjectError[];
      error: string | null;
    };
