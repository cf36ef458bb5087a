import type { Firestore } from '@google-cloud/firestore';
import { pubSubPublisher } from '../../platform/pubsub/pubsub-publisher';
import { firestoreRoutingVersions } from '../../routing/adapters/firestore-routing-versions';
import { cachedRoutingConfig } from '../router/cached-routing-config';
import type { RouterConfig } from '../router/router-config';
import { notificationSinkFor } from '../storm/notification-sink-for';
import { firestoreAlertStates } from './firestore-alert-states';
import { firestoreGroupingStore } from './firestore-grouping-store';
import { firestoreHostInventory } from './firestore-host-inventory';
import { firestoreRoutingConfig } from './firestore-routing-config';

/**
 * What the router and the repeat sweep both stand on: alert states, host inventory, routing config and
 * the notification sink with the same storm control, so a repeat is grouped and capped like any alert.
 */
export function firestoreRouterDeps(db: Firestore, config: RouterConfig) {
  const publisher = pubSubPublisher({
    projectId: config.GOOGLE_CLOUD_PROJECT,
    timeoutMs: config.ROUTER_PUBLISH_TIMEOUT_MS,
  });
  return {
    publisher,
    alerts: firestoreAlertStates(db),
    hosts: firestoreHostInventory(db),
    routing: cachedRoutingConfig(firestoreRoutingConfig(db), firestoreRoutingVersions(db)),
    sink: notificationSinkFor({
      grouping: config.ROUTER_GROUPING,
      caps: {
        mailsPerHour: config.ROUTER_RECIPIENT_HOURLY_CAP,
        slackPerMinute: config.ROUTER_SLACK_PER_MINUTE,
        teamsPerMinute: config.ROUTER_TEAMS_PER_MINUTE,
      },
      store: firestoreGroupingStore(db),
      publisher,
    }),
  };
}
