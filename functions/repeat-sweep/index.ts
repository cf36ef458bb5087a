import { createFirestore } from '../../shared/adapters/firestore-client';
import { firestoreGroupingStore } from '../../shared/adapters/firestore-group-windows';
import { firestoreOrgs } from '../../shared/adapters/firestore-orgs';
import { firestoreAlertStates } from '../../shared/adapters/firestore-router-alerts';
import { firestoreHostInventory } from '../../shared/adapters/firestore-router-hosts';
import { firestoreRoutingConfig } from '../../shared/adapters/firestore-routing-config';
import { pubSubPublisher } from '../../shared/adapters/pubsub-publisher';
import { loadConfig } from '../../shared/config/load-config';
import { createLogger } from '../../shared/log/logger';
import { servePush } from '../../shared/pubsub/serve-push';
import { publishingNotificationSink } from '../../shared/router/notification-sink';
import { routerConfigSchema } from '../../shared/router/router-config';
import { repeatSweepRequestSchema, sweepRepeats } from '../../shared/router/sweep-repeats';
import { groupingNotificationSink } from '../../shared/storm/grouping-sink';

const logger = createLogger({ component: 'repeat-sweep' });
// The router's settings: repeats go through the same storm control as the router's own notifications.
const config = loadConfig('repeat-sweep', routerConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
const publisher = pubSubPublisher({
  projectId: config.GOOGLE_CLOUD_PROJECT,
  timeoutMs: config.ROUTER_PUBLISH_TIMEOUT_MS,
});
const orgs = firestoreOrgs(db);
const deps = {
  orgNames: async () => (await orgs.list()).map((org) => org.name),
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
};

/** Push-triggered on repeat-sweep-requests (every 5 minutes): repeats for alerts that stay open. */
servePush('repeatSweep', repeatSweepRequestSchema, logger, async (request, { logger: log }) => {
  await sweepRepeats({ ...deps, logger: log }, request);
  return 'ack';
});
