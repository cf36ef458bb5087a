import type { Firestore } from '@google-cloud/firestore';
import type { WebhookEvent } from '../../mackerel/webhook/webhook-event-schema';
import { routingTargetOf } from '../../routing/routing-target';
import { alertFactsOf } from '../router/alert-facts';
import { inhibitableAlertsOf, mayBeInhibited } from '../router/alert-inhibition';
import { type RouteTrial, routeTrialOf } from '../router/route-trial';
import { firestoreAlertStates } from './firestore-alert-states';
import { firestoreHostInventory } from './firestore-host-inventory';
import { firestoreRoutingConfig, type RoutingConfigProblem } from './firestore-routing-config';

export interface StoredRouteTrial extends RouteTrial {
  /** Routing documents that did not parse and were left out, as the router would. */
  problems: RoutingConfigProblem[];
}

/** A route trial against the routing configuration, host inventory and open alerts stored now. */
export async function tryRoute(
  db: Firestore,
  event: WebhookEvent,
  org: string,
  now: Date,
): Promise<StoredRouteTrial> {
  const config = await firestoreRoutingConfig(db).load(org, now);
  const facts = alertFactsOf(event, org, Math.floor(now.getTime() / 1000));
  const hostId = facts?.hostId;
  const inhibitable =
    facts?.position.isOpen && mayBeInhibited(routingTargetOf(event, org), config.inhibitRules);
  const [host, open] = await Promise.all([
    hostId ? firestoreHostInventory(db).get(org, hostId) : undefined,
    inhibitable ? firestoreAlertStates(db).listOpen(org) : [],
  ]);
  return {
    ...routeTrialOf({
      event,
      org,
      config,
      host: host?.value,
      open: inhibitableAlertsOf(open.map((entry) => entry.value)),
      now,
    }),
    problems: config.problems,
  };
}
