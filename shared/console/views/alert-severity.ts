import type { AlertState } from '../../alerting/router/alert-state';
import { OPEN_ALERT_STATUSES, type OpenAlertStatus } from '../../mackerel/alert-status';

/** Worst first: how the console orders and colours alerts. */
export const SEVERITIES = OPEN_ALERT_STATUSES;
export type Severity = OpenAlertStatus;

/** An open alert's severity; a closed one (status ok) has none. */
export function severityOf(state: Pick<AlertState, 'status'>): Severity | null {
  return state.status === 'ok' ? null : state.status;
}

export const severityRank = (severity: Severity | null): number =>
  severity === null ? SEVERITIES.length : SEVERITIES.indexOf(severity);
