import { evaluateMatch } from '../../routing/evaluate-match';
import type { InhibitEqualField, InhibitRule } from '../../routing/inhibition/inhibit-rule-schema';
import { type InhibitableAlert, standing } from '../../routing/inhibition/inhibition';
import type { RoutingTarget } from '../../routing/routing-target';
import type { AlertState } from './alert-state';

/**
 * Pure: alert states as inhibition (shared/routing/inhibition/) sees them, and the two questions the router
 * asks before doing anything costly about inhibition.
 */

/** Undefined for a state written before routing facts were kept: it neither inhibits nor is inhibited. */
export function inhibitableOf(state: AlertState): InhibitableAlert | undefined {
  return state.routing === null
    ? undefined
    : { alertId: state.alertId, isOpen: state.isOpen, routing: state.routing };
}

export const inhibitableAlertsOf = (states: readonly AlertState[]): InhibitableAlert[] =>
  states.flatMap((state) => inhibitableOf(state) ?? []);

/** Whether some rule could inhibit an alert with these facts: only then are the org's open alerts read. */
export const mayBeInhibited = (target: RoutingTarget, rules: readonly InhibitRule[]): boolean =>
  rules.some((rule) => rule.enabled && evaluateMatch(rule.target, target).matched);

const factOf = (field: InhibitEqualField, routing: RoutingTarget): string => {
  switch (field) {
    case 'org':
      return routing.org;
    case 'host':
      return routing.hostName ?? '';
    case 'service':
      return [...routing.services].sort().join(',');
  }
};

/** Each rule the alert is a source of while it stands, with the facts it inhibits by. */
function sourceOf(state: AlertState | undefined, rules: readonly InhibitRule[]): Set<string> {
  const alert = state && inhibitableOf(state);
  if (alert === undefined || !standing(alert)) return new Set();
  return new Set(
    rules
      .filter((rule) => rule.enabled && evaluateMatch(rule.source, alert.routing).matched)
      .map((rule) => JSON.stringify([rule.id, ...rule.equal.map((field) => factOf(field, alert.routing))])),
  );
}

/**
 * Whether a change of an alert's state may release alerts it inhibited: it stood as the source of a rule
 * before and is not that same source after (it closed, or changed severity, type or a shared fact).
 * Conservative, as it knows only this alert: the sweep it triggers decides which alerts are released.
 */
export function mayRelease(
  before: AlertState | undefined,
  after: AlertState,
  rules: readonly InhibitRule[],
): boolean {
  const still = sourceOf(after, rules);
  return [...sourceOf(before, rules)].some((source) => !still.has(source));
}
