import type { DowntimeSpec } from '../../mackerel/api/downtime-spec';
import { managedSetOf } from '../model/managed-marker';
import { comparableDowntime } from './comparable';
import { type NamedPlan, planNamed } from './named-plan';

/** A downtime the templates render for one org; its monitor scopes name monitors. */
export interface DesiredDowntime {
  set: string;
  spec: DowntimeSpec;
}

/** A downtime as the server lists it (ids in its monitor scopes). */
export interface ServerDowntime extends Record<string, unknown> {
  id: string;
  name: string;
  memo?: string | undefined;
  monitorScopes?: string[] | undefined;
  monitorExcludeScopes?: string[] | undefined;
}

export type DowntimePlan = NamedPlan<DowntimeSpec>;

/** The server's monitor ids as names, so both sides compare in the templates' terms; an unknown id stays. */
export function namedScopes(
  downtime: ServerDowntime,
  monitorNameById: ReadonlyMap<string, string>,
): ServerDowntime {
  const names = (ids: string[] | undefined) => ids?.map((id) => monitorNameById.get(id) ?? id);
  return {
    ...downtime,
    monitorScopes: names(downtime.monitorScopes),
    monitorExcludeScopes: names(downtime.monitorExcludeScopes),
  };
}

/** One org's downtimes, matched by name; monitor scopes compared by monitor name. */
export function planDowntimes(
  desired: readonly DesiredDowntime[],
  server: readonly ServerDowntime[],
  monitorNameById: ReadonlyMap<string, string>,
): DowntimePlan {
  return planNamed(
    desired.map(({ set, spec }) => ({
      name: spec.name,
      set,
      comparable: comparableDowntime(spec),
      item: spec,
    })),
    server.map((downtime) => ({
      id: downtime.id,
      name: downtime.name,
      comparable: comparableDowntime(namedScopes(downtime, monitorNameById)),
      managedSet: managedSetOf(downtime.memo),
    })),
  );
}
