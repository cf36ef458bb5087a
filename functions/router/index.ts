import { firestoreDedupMarkers } from '../../shared/alerting/adapters/firestore-dedup-markers';
import { firestoreRouterDeps } from '../../shared/alerting/adapters/firestore-router-deps';
import { routeEvent } from '../../shared/alerting/router/route-event';
import { routerConfigSchema } from '../../shared/alerting/router/router-config';
import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { mackerelEventMessageSchema } from '../../shared/mackerel/webhook/mackerel-event-message';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { servePush } from '../../shared/platform/pubsub/serve-push';

const logger = createLogger({ component: 'router' });
const config = loadConfig('router', routerConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
const deps = { ...firestoreRouterDeps(db, config), markers: firestoreDedupMarkers(db) };

/**
 * Push-triggered on mackerel-events. Every outcome of routeEvent is an ack (a malformed body is recorded
 * at ERROR inside it); a thrown error (Firestore, Pub/Sub) answers 5xx and Pub/Sub redelivers.
 */
servePush('router', mackerelEventMessageSchema, logger, async (message, { logger: log }) => {
  await routeEvent({ ...deps, logger: log }, message);
  return 'ack';
});
