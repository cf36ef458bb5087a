import { firestoreAlertStates } from '../../shared/alerting/adapters/firestore-alert-states';
import { firestoreDedupMarkers } from '../../shared/alerting/adapters/firestore-dedup-markers';
import { firestoreGroupingStore } from '../../shared/alerting/adapters/firestore-grouping-store';
import { firestoreHostInventory } from '../../shared/alerting/adapters/firestore-host-inventory';
import { firestoreRoutingConfig } from '../../shared/alerting/adapters/firestore-routing-config';
import { routeEvent } from '../../shared/alerting/router/route-event';
import { routerConfigSchema } from '../../shared/alerting/router/router-config';
import { notificationSinkFor } from '../../shared/alerting/storm/notification-sink-for';
import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { mackerelEventMessageSchema } from '../../shared/mackerel/webhook/mackerel-event-message';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { pubSubPublisher } from '../../shared/platform/pubsub/pubsub-publisher';
import { servePush } from '../../shared/platform/pubsub/serve-push';

const logger = createLogger({ component: 'router' });
const config = loadConfig('router', routerConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
const publisher = pubSubPublisher({
  projectId: config.GOOGLE_CLOUD_PROJECT,
  timeoutMs: config.ROUTER_PUBLISH_TIMEOUT_MS,
});
const deps = {
  markers: firestoreDedupMarkers(db),
  alerts: firestoreAlertStates(db),
  hosts: firestoreHostInventory(db),
  routing: firestoreRoutingConfig(db),
  sink: notificationSinkFor({
    grouping: config.ROUTER_GROUPING,
    hourlyCap: config.ROUTER_RECIPIENT_HOURLY_CAP,
    store: firestoreGroupingStore(db),
    publisher,
  }),
  publisher,
};

/**
 * Push-triggered on mackerel-events. Every outcome of routeEvent is an ack (a malformed body is recorded
 * at ERROR inside it); a thrown error (Firestore, Pub/Sub) answers 5xx and Pub/Sub redelivers.
 */
servePush('router', mackerelEventMessageSchema, logger, async (message, { logger: log }) => {
  await routeEvent({ ...deps, logger: log }, message);
  return 'ack';
});
