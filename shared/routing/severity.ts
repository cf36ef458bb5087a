import { z } from 'zod';
import type { AlertStatus } from '../mackerel/alert-status';

/**
 * Rank for `minSeverity`: ok < warning < unknown < critical, the worst-state order Nagios and Icinga
 * use. `unknown` (a check that could not tell, e.g. a plugin exiting 3) is an open problem somebody must
 * look at, so a warning threshold lets it through; it is not a confirmed outage, so a critical-only
 * route (the NOC) does not get it. A route that wants unknowns and criticals says `minSeverity: unknown`.
 */
const SEVERITY_RANK: Readonly<Record<AlertStatus, number>> = { ok: 0, warning: 1, unknown: 2, critical: 3 };

/** `ok` is not offered: a threshold every event passes is the same as no threshold. */
export const minSeveritySchema = z.enum(['warning', 'unknown', 'critical']);

export type MinSeverity = z.infer<typeof minSeveritySchema>;

export function severityAtLeast(severity: AlertStatus, min: MinSeverity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[min];
}
