import type { Firestore } from '@google-cloud/firestore';
import type { WebhookEvent } from '../../mackerel/webhook/webhook-event-schema';
import { alertFactsOf } from '../router/alert-facts';
import { type RouteTrial, routeTrialOf } from '../router/route-trial';
import { firestoreHostInventory } from './firestore-host-inventory';
import { firestoreRoutingConfig, type RoutingConfigProblem } from './firestore-routing-config';

export interface StoredRouteTrial extends RouteTrial {
  /** Routing documents that did not parse and were left out, as the router would. */
  problems: RoutingConfigProblem[];
}

/** A route trial against the routing configuration and host inventory stored now. */
export async function tryRoute(
  db: Firestore,
  event: WebhookEvent,
  org: string,
  now: Date,
): Promise<StoredRouteTrial> {
  const config = await firestoreRoutingConfig(db).load(org, now);
  const hostId = alertFactsOf(event, org, Math.floor(now.getTime() / 1000))?.hostId;
  const host = hostId ? (await firestoreHostInventory(db).get(org, hostId))?.value : undefined;
  return { ...routeTrialOf({ event, org, config, host, now }), problems: config.problems };
}
