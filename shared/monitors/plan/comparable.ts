import { DOWNTIME_DEFAULTS, DOWNTIME_KEYS } from '../../mackerel/api/downtime-spec';
import {
  MONITOR_DEFAULTS,
  MONITOR_KEYS,
  MONITOR_TYPES,
  type MonitorType,
} from '../../mackerel/api/monitor-spec';

/** A monitor or downtime reduced to what the templates decide, so equal intent compares equal. */
export type Comparable = Record<string, unknown>;

/** Lists Mackerel treats as sets: their order on the server says nothing. */
const SET_KEYS = new Set([
  'scopes',
  'excludeScopes',
  'serviceScopes',
  'serviceExcludeScopes',
  'roleScopes',
  'roleExcludeScopes',
  'monitorScopes',
  'monitorExcludeScopes',
]);

/** `service:role` and `service: role` name the same role; the API writes the spaced form. */
const scopeText = (scope: string): string => scope.replace(/:\s*/, ': ');

function comparableOf(
  object: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  defaults: Readonly<Record<string, unknown>>,
): Comparable {
  const out: Comparable = {};
  for (const key of keys) {
    const value = object[key] ?? defaults[key];
    if (value === undefined) continue;
    out[key] =
      SET_KEYS.has(key) && Array.isArray(value) ? value.map((v) => scopeText(String(v))).sort() : value;
  }
  return out;
}

const isMonitorType = (type: unknown): type is MonitorType =>
  typeof type === 'string' && (MONITOR_TYPES as readonly string[]).includes(type);

/**
 * A spec or a server monitor (ids and the server's newer keys left out, defaults filled in); null for a
 * type this code does not know, which is never ours to compare or change.
 */
export function comparableMonitor(monitor: Readonly<Record<string, unknown>>): Comparable | null {
  if (!isMonitorType(monitor.type)) return null;
  return comparableOf(monitor, MONITOR_KEYS[monitor.type], MONITOR_DEFAULTS[monitor.type]);
}

/** A downtime, with monitor scopes as the caller gives them (names, on both sides of a comparison). */
export const comparableDowntime = (downtime: Readonly<Record<string, unknown>>): Comparable =>
  comparableOf(downtime, DOWNTIME_KEYS, DOWNTIME_DEFAULTS);
