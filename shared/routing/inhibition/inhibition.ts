import { evaluateMatch } from '../evaluate-match';
import type { RoutingTarget } from '../routing-target';
import type { InhibitEqualField, InhibitRule } from './inhibit-rule-schema';

/** An alert as inhibition sees it: its identity within the org, whether it stands, what it is about. */
export interface InhibitableAlert {
  alertId: string;
  isOpen: boolean;
  routing: RoutingTarget;
}

export interface Inhibition {
  ruleId: string;
  ruleName: string;
  /** The open source alert that inhibits. */
  sourceAlertId: string;
  sourceMonitorName: string | undefined;
}

/** Only a standing alert inhibits or is inhibited: open, and not at OK. */
export const standing = (alert: InhibitableAlert) => alert.isOpen && alert.routing.severity !== 'ok';

/** A fact neither alert has is not shared: a host-less source never inhibits by `host`. */
function shares(field: InhibitEqualField, a: RoutingTarget, b: RoutingTarget): boolean {
  switch (field) {
    case 'org':
      return a.org === b.org;
    case 'host':
      return a.hostName !== undefined && a.hostName === b.hostName;
    case 'service':
      return a.services.some((service) => b.services.includes(service));
  }
}

/**
 * The first rule (by id) and source alert (by id) that inhibit `target` among `open`, or null. Only open
 * alerts inhibit and are inhibited; an alert never inhibits itself nor another matching both sides.
 */
export function inhibitionOf(
  target: InhibitableAlert,
  open: readonly InhibitableAlert[],
  rules: readonly InhibitRule[],
): Inhibition | null {
  if (!standing(target)) return null;
  const sources = [...open].filter(standing).sort((a, b) => a.alertId.localeCompare(b.alertId));
  const ordered = [...rules].filter((rule) => rule.enabled).sort((a, b) => a.id.localeCompare(b.id));
  for (const rule of ordered) {
    if (!evaluateMatch(rule.target, target.routing).matched) continue;
    // As in Alertmanager: alerts matching both sides never inhibit one another, else two connectivity
    // alerts of one host would silence each other and neither would be notified.
    const targetIsSource = evaluateMatch(rule.source, target.routing).matched;
    const source = sources.find(
      (candidate) =>
        candidate.alertId !== target.alertId &&
        evaluateMatch(rule.source, candidate.routing).matched &&
        !(targetIsSource && evaluateMatch(rule.target, candidate.routing).matched) &&
        rule.equal.every((field) => shares(field, candidate.routing, target.routing)),
    );
    if (source) {
      return {
        ruleId: rule.id,
        ruleName: rule.name,
        sourceAlertId: source.alertId,
        sourceMonitorName: source.routing.monitorName,
      };
    }
  }
  return null;
}

/**
 * When the alert `closingId` stops standing: the alerts it inhibited among `openBefore` (the open alerts
 * as they stood before, itself included) that nothing else inhibits now, to be notified then.
 */
export function releasedBy(
  closingId: string,
  openBefore: readonly InhibitableAlert[],
  rules: readonly InhibitRule[],
): InhibitableAlert[] {
  const after = openBefore.filter((a) => a.alertId !== closingId);
  return after.filter(
    (alert) => inhibitionOf(alert, openBefore, rules) !== null && inhibitionOf(alert, after, rules) === null,
  );
}
