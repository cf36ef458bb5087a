import type { AlertState } from '../../alerting/router/alert-state';

/** Worst first: how the console orders and colours alerts. */
export const SEVERITIES = ['critical', 'warning', 'unknown'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** An open alert's severity; a closed one (status ok) has none. */
export function severityOf(state: Pick<AlertState, 'status'>): Severity | null {
  return state.status === 'ok' ? null : state.status;
}

export const severityRank = (severity: Severity | null): number =>
  severity === null ? SEVERITIES.length : SEVERITIES.indexOf(severity);
