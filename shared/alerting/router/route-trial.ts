import type { WebhookEvent } from '../../mackerel/webhook/webhook-event-schema';
import { mailsTo } from '../../notify/targets/notification-target';
import { describeTarget } from '../../routing/describe-destinations';
import type { InhibitRule } from '../../routing/inhibition/inhibit-rule-schema';
import { type InhibitableAlert, inhibitionOf } from '../../routing/inhibition/inhibition';
import { matchRoutes, type RouteDecision, type RoutingRules } from '../../routing/match-routes';
import { type RoutingTarget, routingTargetOf } from '../../routing/routing-target';
import type { Silence } from '../../routing/silence-schema';
import { alertFactsOf } from './alert-facts';
import type { Suppression } from './alert-state';
import type { HostRecord } from './host-record';
import { describeSuppression, suppressionOf } from './suppression';

/** What the router would do with one webhook body now: `msp-ops route test` and the console's route test. */
export interface RouteTrial {
  org: string;
  target: RoutingTarget;
  /** False for events the router does not mail (host events, samples): routes are shown for reference. */
  isAlert: boolean;
  decision: RouteDecision;
  suppression: Suppression | undefined;
  recipients: { to: string[]; cc: string[] };
  /** Chat and paging targets of the matched routes, described (`slack (secret noc-webhook)`), once each. */
  otherTargets: string[];
  mailed: boolean;
}

const unique = (values: readonly string[]) => [...new Set(values)];

export interface RouteTrialInput {
  event: WebhookEvent;
  org: string;
  /** The org's routing as the router loads it (enabled routes and inhibit rules, silences not ended). */
  config: RoutingRules & { silences: readonly Silence[]; inhibitRules: readonly InhibitRule[] };
  /** The router's inventory record of the event's host, when it has one. */
  host: HostRecord | undefined;
  /** The org's open alerts, which may inhibit the event (read only when a rule could: mayBeInhibited). */
  open: readonly InhibitableAlert[];
  now: Date;
}

/** The router's own matching and muting, without writing or mailing anything. */
export function routeTrialOf({ event, org, config, host, open, now }: RouteTrialInput): RouteTrial {
  const target = routingTargetOf(event, org);
  const decision = matchRoutes(target, config, now);
  const facts = alertFactsOf(event, org, Math.floor(now.getTime() / 1000));
  const suppression = facts?.position.isOpen
    ? suppressionOf({
        target,
        hostId: facts.hostId,
        host,
        eventTimeSeconds: facts.position.eventTimeSeconds,
        silences: config.silences,
        inhibition: inhibitionOf(
          { alertId: facts.subject.id, isOpen: true, routing: target },
          open,
          config.inhibitRules,
        ),
        now,
      })
    : undefined;
  const mailing = decision.matched.filter((m) => mailsTo(m.targets));
  const to = unique(mailing.flatMap((m) => m.recipients?.to ?? []));
  const cc = unique(mailing.flatMap((m) => m.recipients?.cc ?? [])).filter((a) => !to.includes(a));
  return {
    org,
    target,
    isAlert: facts !== undefined,
    decision,
    suppression,
    recipients: { to, cc },
    otherTargets: unique(
      decision.matched.flatMap((m) =>
        m.targets.filter((t) => t.kind !== 'email').map((t) => describeTarget(t)),
      ),
    ),
    mailed: facts !== undefined && suppression === undefined && to.length > 0,
  };
}

/** The facts of a routing target in a line (`alert, type host, critical, open, host web-01 ...`). */
export function describeRoutingTarget(t: RoutingTarget): string {
  const facts = [
    t.eventType,
    t.alertType && `type ${t.alertType}`,
    t.severity,
    t.isOpen === undefined ? undefined : t.isOpen ? 'open' : 'closed',
    t.hostName && `host ${t.hostName}${t.hostStatus ? ` (${t.hostStatus})` : ''}`,
    t.services.length > 0 && `services ${t.services.join(',')}`,
    t.roles.length > 0 && `roles ${t.roles.join(',')}`,
    t.monitorName && `monitor ${JSON.stringify(t.monitorName)}`,
  ];
  return facts.filter((f): f is string => typeof f === 'string' && f !== '').join(', ');
}

/** The trial's answer in a sentence: mailed to whom, or why not. */
export function trialVerdict(trial: RouteTrial): string {
  const { to, cc } = trial.recipients;
  if (!trial.isAlert) {
    return `Not mailed: the router mails alert and alertGroup events only (this is ${trial.target.eventType}); routes shown for reference.`;
  }
  if (trial.suppression) return `Not mailed now: ${describeSuppression(trial.suppression)}.`;
  const others = trial.otherTargets.length > 0 ? `; and send to ${trial.otherTargets.join(', ')}` : '';
  return `Would mail: ${to.join(', ') || 'nobody'}${cc.length > 0 ? ` (cc ${cc.join(', ')})` : ''}${others}`;
}
