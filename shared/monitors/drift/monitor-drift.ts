import type { ApiMonitor } from '../../mackerel/api/monitor-schema';
import type { MonitorSpec } from '../../mackerel/api/monitor-spec';
import { type DesiredMonitor, planMonitors } from '../plan/monitor-plan';
import type { PlanStep } from '../plan/named-plan';

export const DRIFT_PROBLEMS = ['missing', 'changed', 'muted', 'duplicated'] as const;
export type DriftProblem = (typeof DRIFT_PROBLEMS)[number];

/** One templated monitor that is not on the server as the templates say. */
export interface MonitorDrift {
  monitor: string;
  problem: DriftProblem;
  /** The keys that differ (for changed and muted), template order. */
  fields: string[];
}

/**
 * The org's monitors against what its templates rendered: missing (deleted by hand), changed by hand,
 * muted (isMute on the server, not in the template: the quiet kind of change), or named twice. A monitor
 * only on the server is not drift: it is the org's own, or a would-delete the push reports.
 */
function driftOf(step: PlanStep<MonitorSpec>): MonitorDrift[] {
  const monitor = step.desired.name;
  if (step.action === 'unchanged') return [];
  if (step.action === 'create') return [{ monitor, problem: 'missing', fields: [] }];
  if (step.action === 'conflict') return [{ monitor, problem: 'duplicated', fields: [] }];
  const fields = step.changes.map((c) => c.field);
  const muted = step.changes.some((c) => c.field === 'isMute' && c.server === true);
  return [{ monitor, problem: muted ? 'muted' : 'changed', fields }];
}

export function monitorDrift(
  desired: readonly DesiredMonitor[],
  server: readonly ApiMonitor[],
): MonitorDrift[] {
  return planMonitors(desired, server)
    .steps.flatMap(driftOf)
    .sort((a, b) => (a.monitor < b.monitor ? -1 : a.monitor > b.monitor ? 1 : 0));
}
