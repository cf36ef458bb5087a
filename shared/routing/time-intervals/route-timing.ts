import { jstText } from '../../kernel/time/jst-format';
import { intervalHolds } from './interval-match';
import { nextChange } from './next-change';
import type { TimeInterval } from './time-interval-schema';

/** The time-interval references a route may have. */
export interface TimedRoute {
  activeTimeIntervals?: readonly string[] | undefined;
  muteTimeIntervals?: readonly string[] | undefined;
}

export type RouteTiming =
  | { kind: 'active' }
  /** Matched, but not to be notified now; `until` null when no change is in sight. */
  | { kind: 'muted'; reason: string; until: Date | null }
  /** Refers to an interval that does not exist: the route is skipped, neither widened nor narrowed. */
  | { kind: 'unknown-interval'; reason: string };

const untilText = (until: Date | null) => (until ? `until ${jstText(until)}` : 'with no end in sight');

/**
 * Whether a matched route notifies at `now`: muted while any of its mute intervals holds, and outside
 * its active intervals when it has some (Alertmanager's `mute_time_intervals` / `active_time_intervals`).
 */
export function routeTiming(route: TimedRoute, intervals: readonly TimeInterval[], now: Date): RouteTiming {
  const byId = new Map(intervals.map((interval) => [interval.id, interval]));
  const names = [...(route.activeTimeIntervals ?? []), ...(route.muteTimeIntervals ?? [])];
  const unknown = names.filter((name) => !byId.has(name));
  if (unknown.length > 0) {
    return {
      kind: 'unknown-interval',
      reason: `refers to unknown time interval(s) ${unknown.map((n) => JSON.stringify(n)).join(', ')}: skipped`,
    };
  }
  const found = (list: readonly string[] | undefined) => (list ?? []).flatMap((name) => byId.get(name) ?? []);
  const muting = found(route.muteTimeIntervals).find((interval) => intervalHolds(interval, now));
  if (muting) {
    const until = nextChange(muting, now);
    return { kind: 'muted', until, reason: `muted by ${JSON.stringify(muting.id)} ${untilText(until)}` };
  }
  const active = found(route.activeTimeIntervals);
  if (active.length > 0 && !active.some((interval) => intervalHolds(interval, now))) {
    const starts = active
      .map((interval) => nextChange(interval, now))
      .filter((at): at is Date => at !== null)
      .sort((a, b) => a.getTime() - b.getTime());
    const until = starts[0] ?? null;
    const names = active.map((interval) => JSON.stringify(interval.id)).join(', ');
    return { kind: 'muted', until, reason: `outside its active time ${names}: muted ${untilText(until)}` };
  }
  return { kind: 'active' };
}
