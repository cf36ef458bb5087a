import { canonicalJson } from '../../kernel/canonical-json';
import { DOWNTIME_DEFAULTS, DOWNTIME_KEYS } from '../../mackerel/api/downtime-spec';
import type { ApiMonitor } from '../../mackerel/api/monitor-schema';
import {
  MONITOR_DEFAULTS,
  MONITOR_KEYS,
  MONITOR_TYPES,
  type MonitorType,
} from '../../mackerel/api/monitor-spec';
import { unmarkedMemo } from '../model/managed-marker';
import { jstIsoOf } from './template-time';

/** A downtime as the server lists it; only what a template holds is read, the rest may be anything. */
export interface ApiDowntimeLike {
  id: string;
  name: string;
  memo?: string | null | undefined;
  start?: unknown;
  duration?: unknown;
  recurrence?: unknown;
  monitorScopes?: unknown;
  monitorExcludeScopes?: unknown;
  [key: string]: unknown;
}

export type Fields = Record<string, unknown>;

/** The keys a template holds, in the spec's order: unset, null and the API's defaults left out. */
function templateFields(
  object: Readonly<Fields>,
  keys: readonly string[],
  defaults: Readonly<Fields>,
): Fields {
  const out: Fields = {};
  for (const key of keys) {
    const value = key === 'memo' && typeof object.memo === 'string' ? unmarkedMemo(object.memo) : object[key];
    if (value === undefined || value === null) continue;
    if (Object.hasOwn(defaults, key) && canonicalJson(value) === canonicalJson(defaults[key])) continue;
    out[key] = value;
  }
  return out;
}

export const isMonitorType = (type: string): type is MonitorType =>
  (MONITOR_TYPES as readonly string[]).includes(type);

/** A server monitor as a template entry (its type known); `name` is the caller's (an unnamed one gets one). */
export const monitorEntry = (monitor: ApiMonitor, type: MonitorType, name: string): Fields =>
  templateFields({ ...monitor, name }, MONITOR_KEYS[type], MONITOR_DEFAULTS[type]);

const RECURRENCE_KEYS = ['type', 'interval', 'weekdays', 'until'];

const isFields = (value: unknown): value is Fields =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const timeOf = (value: unknown): unknown => (typeof value === 'number' ? jstIsoOf(value) : value);

/** A server downtime as a template entry: times in ISO (Japan time), monitor scopes by name. */
export function downtimeEntry(downtime: ApiDowntimeLike, nameOf: (id: string) => string): Fields {
  const names = (ids: unknown) => (Array.isArray(ids) ? ids.map((id) => nameOf(String(id))) : ids);
  const recurrence = isFields(downtime.recurrence)
    ? templateFields(
        { ...downtime.recurrence, until: timeOf(downtime.recurrence.until) },
        RECURRENCE_KEYS,
        {},
      )
    : downtime.recurrence;
  return templateFields(
    {
      ...downtime,
      start: timeOf(downtime.start),
      recurrence,
      monitorScopes: names(downtime.monitorScopes),
      monitorExcludeScopes: names(downtime.monitorExcludeScopes),
    },
    DOWNTIME_KEYS,
    DOWNTIME_DEFAULTS,
  );
}
