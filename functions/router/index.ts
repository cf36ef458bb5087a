import { createFirestore } from '../../shared/adapters/firestore-client';
import { firestoreGroupingStore } from '../../shared/adapters/firestore-group-windows';
import { firestoreAlertStates } from '../../shared/adapters/firestore-router-alerts';
import { firestoreDedupMarkers } from '../../shared/adapters/firestore-router-dedup';
import { firestoreHostInventory } from '../../shared/adapters/firestore-router-hosts';
import { firestoreRoutingConfig } from '../../shared/adapters/firestore-routing-config';
import { pubSubPublisher } from '../../shared/adapters/pubsub-publisher';
import { loadConfig } from '../../shared/config/load-config';
import { mackerelEventMessageSchema } from '../../shared/events/mackerel-event-message';
import { createLogger } from '../../shared/log/logger';
import { servePush } from '../../shared/pubsub/serve-push';
import { publishingNotificationSink } from '../../shared/router/notification-sink';
import { routeEvent } from '../../shared/router/route-event';
import { routerConfigSchema } from '../../shared/router/router-config';
import { groupingNotificationSink } from '../../shared/storm/grouping-sink';

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
  sink: config.ROUTER_GROUPING
    ? groupingNotificationSink({
        store: firestoreGroupingStore(db),
        publisher,
        hourlyCap: config.ROUTER_RECIPIENT_HOURLY_CAP,
      })
    : publishingNotificationSink(publisher),
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
