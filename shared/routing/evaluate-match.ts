import type { AlertStatus } from '../mackerel/alert-status';
import { globMatches } from './glob';
import type { RouteMatch } from './route-schema';
import type { RoutingTarget } from './routing-target';
import { type MinSeverity, severityAtLeast } from './severity';

/** Route or silence matchers, plus the org filter MSP-wide routes may add. */
export type MatchConditions = RouteMatch & { orgs?: readonly string[] };

/**
 * Whether the conditions hold, and in plain words why: every matcher that held when they match, every
 * matcher that failed when they do not. Operators read these in `route test` output and in logs.
 */
export interface MatchVerdict {
  matched: boolean;
  reasons: string[];
}

interface Check {
  passed: boolean;
  reason: string;
}

const listed = (values: readonly string[]) => `[${values.join(', ')}]`;

/** A matcher on a fact the event does not have never holds: host-less alerts never match a host glob. */
function missing(what: string, needs: string): Check {
  return { passed: false, reason: `event has no ${what}; needs ${needs}` };
}

function oneOf(what: string, value: string | undefined, allowed: readonly string[]): Check {
  if (value === undefined) return missing(what, `one of ${listed(allowed)}`);
  const passed = allowed.includes(value);
  return {
    passed,
    reason: `${what} ${JSON.stringify(value)} is ${passed ? '' : 'not '}in ${listed(allowed)}`,
  };
}

function anyOf(what: string, values: readonly string[], allowed: readonly string[]): Check {
  if (values.length === 0) return missing(what, `one of ${listed(allowed)}`);
  const hit = values.find((value) => allowed.includes(value));
  return hit === undefined
    ? { passed: false, reason: `no ${what} of ${listed(values)} is in ${listed(allowed)}` }
    : { passed: true, reason: `${what} ${JSON.stringify(hit)} is in ${listed(allowed)}` };
}

function atLeast(severity: AlertStatus | undefined, min: MinSeverity): Check {
  if (severity === undefined) return missing('severity', `at least ${min}`);
  const passed = severityAtLeast(severity, min);
  return { passed, reason: `severity ${severity} is ${passed ? 'at least' : 'below'} ${min}` };
}

function glob(what: string, value: string | undefined, pattern: string): Check {
  const quoted = JSON.stringify(pattern);
  if (value === undefined) return missing(what, `one matching ${quoted}`);
  const passed = globMatches(pattern, value);
  return {
    passed,
    reason: `${what} ${JSON.stringify(value)} ${passed ? 'matches' : 'does not match'} ${quoted}`,
  };
}

/** Explicit `!== undefined`, not truthiness: a matcher that is present is never skipped. */
function checksOf(conditions: MatchConditions, target: RoutingTarget): Check[] {
  const { orgs, eventTypes, alertTypes, minSeverity, services, roles, hostNameGlob, monitorNameGlob } =
    conditions;
  const checks: Check[] = [];
  if (orgs !== undefined) checks.push(oneOf('org', target.org, orgs));
  if (eventTypes !== undefined) checks.push(oneOf('event type', target.eventType, eventTypes));
  if (alertTypes !== undefined) checks.push(oneOf('alert type', target.alertType, alertTypes));
  if (minSeverity !== undefined) checks.push(atLeast(target.severity, minSeverity));
  if (services !== undefined) checks.push(anyOf('service', target.services, services));
  if (roles !== undefined) checks.push(anyOf('role', target.roles, roles));
  if (hostNameGlob !== undefined) checks.push(glob('host', target.hostName, hostNameGlob));
  if (monitorNameGlob !== undefined) checks.push(glob('monitor', target.monitorName, monitorNameGlob));
  return checks;
}

/** All given matchers must hold; no matchers at all means every event. */
export function evaluateMatch(conditions: MatchConditions, target: RoutingTarget): MatchVerdict {
  const checks = checksOf(conditions, target);
  if (checks.length === 0) return { matched: true, reasons: ['no matchers: matches every event'] };
  const failed = checks.filter((check) => !check.passed);
  const matched = failed.length === 0;
  return { matched, reasons: (matched ? checks : failed).map((check) => check.reason) };
}
