import { monitorDrift } from '../../monitors/drift/monitor-drift';
import type { DesiredMonitor } from '../../monitors/plan/monitor-plan';
import type { AuditMonitor } from '../audit-observation';
import type { DraftOf } from './finding';

/** One finding per templated monitor that drifted; keyed by name, so a fix by push clears just that one. */
export function monitorDriftFindings(
  desired: readonly DesiredMonitor[],
  monitors: readonly AuditMonitor[],
): DraftOf<'monitor-drift'>[] {
  return monitorDrift(desired, monitors).map((drift) => ({
    key: `monitor-drift:${drift.monitor}`,
    kind: 'monitor-drift',
    severity: 'warning',
    expiresAt: null,
    facts: { monitor: drift.monitor, problem: drift.problem, fields: drift.fields },
  }));
}
