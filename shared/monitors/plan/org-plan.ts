import type { ApiMonitor } from '../../mackerel/api/monitor-schema';
import { type DesiredDowntime, type DowntimePlan, planDowntimes, type ServerDowntime } from './downtime-plan';
import { type DesiredMonitor, type MonitorPlan, planMonitors } from './monitor-plan';
import type { NamedPlan } from './named-plan';

/** What the templates render for one org. */
export interface DesiredOrg {
  monitors: readonly DesiredMonitor[];
  downtimes: readonly DesiredDowntime[];
}

export interface ServerOrg {
  monitors: readonly ApiMonitor[];
  downtimes: readonly ServerDowntime[];
}

export interface OrgPlan {
  monitors: MonitorPlan;
  downtimes: DowntimePlan;
}

export interface PlanCounts {
  create: number;
  update: number;
  replace: number;
  unchanged: number;
  conflict: number;
  wouldDelete: number;
  unmanaged: number;
}

export const monitorNamesById = (monitors: readonly ApiMonitor[]): Map<string, string> =>
  new Map(monitors.flatMap((m) => (m.name === undefined ? [] : [[m.id, m.name] as const])));

export function planOrg(desired: DesiredOrg, server: ServerOrg): OrgPlan {
  return {
    monitors: planMonitors(desired.monitors, server.monitors),
    downtimes: planDowntimes(desired.downtimes, server.downtimes, monitorNamesById(server.monitors)),
  };
}

function countsOf<T>(plan: NamedPlan<T>): PlanCounts {
  const count = (action: string) => plan.steps.filter((s) => s.action === action).length;
  return {
    create: count('create'),
    update: count('update'),
    replace: count('replace'),
    unchanged: count('unchanged'),
    conflict: count('conflict'),
    wouldDelete: plan.wouldDelete.length,
    unmanaged: plan.unmanaged,
  };
}

/** Monitors and downtimes together: what one line per org says. */
export function planCounts(plan: OrgPlan): PlanCounts {
  const m = countsOf(plan.monitors);
  const d = countsOf(plan.downtimes);
  return {
    create: m.create + d.create,
    update: m.update + d.update,
    replace: m.replace + d.replace,
    unchanged: m.unchanged + d.unchanged,
    conflict: m.conflict + d.conflict,
    wouldDelete: m.wouldDelete + d.wouldDelete,
    unmanaged: m.unmanaged + d.unmanaged,
  };
}

/** Whether pushing would change anything (would-deletes only count when pruning). */
export const hasChanges = (c: PlanCounts, prune: boolean): boolean =>
  c.create + c.update + c.replace + c.conflict > 0 || (prune && c.wouldDelete > 0);

/** `2 create, 1 update, 3 would-delete (not deleted)`, plus replaces and conflicts when there are any. */
export function countsText(c: PlanCounts, prune: boolean): string {
  const parts = [`${c.create} create`, `${c.update} update`];
  if (c.replace > 0) parts.push(`${c.replace} replace${prune ? '' : ' (needs --prune)'}`);
  parts.push(prune ? `${c.wouldDelete} delete` : `${c.wouldDelete} would-delete (not deleted)`);
  if (c.conflict > 0) parts.push(`${c.conflict} conflict`);
  return parts.join(', ');
}
