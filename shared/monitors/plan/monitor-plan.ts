import type { ApiMonitor } from '../../mackerel/api/monitor-schema';
import type { MonitorSpec } from '../../mackerel/api/monitor-spec';
import { managedSetOf } from '../model/managed-marker';
import { comparableMonitor } from './comparable';
import { type NamedPlan, type OnServer, planNamed } from './named-plan';

/** A monitor the templates render for one org (its memo already carries the marker). */
export interface DesiredMonitor {
  set: string;
  spec: MonitorSpec;
}

export type MonitorPlan = NamedPlan<MonitorSpec>;

export const monitorOnServer = (monitor: ApiMonitor): OnServer => ({
  id: monitor.id,
  name: monitor.name,
  comparable: comparableMonitor(monitor),
  managedSet: managedSetOf(monitor.memo),
});

/** One org's monitors: matched by name, ids and the API's defaults ignored. A type cannot change in place. */
export function planMonitors(desired: readonly DesiredMonitor[], server: readonly ApiMonitor[]): MonitorPlan {
  return planNamed(
    desired.map(({ set, spec }) => ({
      name: spec.name,
      set,
      comparable: comparableMonitor(spec) ?? {},
      item: spec,
    })),
    server.map(monitorOnServer),
    {
      replaceReason: (current, wanted) =>
        current.type === wanted.type
          ? null
          : `"${String(wanted.name)}" is a ${String(current.type)} monitor on the server and a ${String(wanted.type)} monitor in the templates`,
    },
  );
}
