import { firestoreAlertStates } from '../../shared/alerting/adapters/firestore-alert-states';
import { firestoreGroupingStore } from '../../shared/alerting/adapters/firestore-grouping-store';
import { firestoreHostInventory } from '../../shared/alerting/adapters/firestore-host-inventory';
import { firestoreRoutingConfig } from '../../shared/alerting/adapters/firestore-routing-config';
import { routerConfigSchema } from '../../shared/alerting/router/router-config';
import { repeatSweepRequestSchema, sweepRepeats } from '../../shared/alerting/router/sweep-repeats';
import { notificationSinkFor } from '../../shared/alerting/storm/notification-sink-for';
import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { firestoreOrgs } from '../../shared/orgs/adapters/firestore-orgs';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { pubSubPublisher } from '../../shared/platform/pubsub/pubsub-publisher';
import { servePush } from '../../shared/platform/pubsub/serve-push';

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
  sink: notificationSinkFor({
    grouping: config.ROUTER_GROUPING,
    hourlyCap: config.ROUTER_RECIPIENT_HOURLY_CAP,
    store: firestoreGroupingStore(db),
    publisher,
  }),
};

/** Push-triggered on repeat-sweep-requests (every 5 minutes): repeats for alerts that stay open. */
servePush('repeatSweep', repeatSweepRequestSchema, logger, async (request, { logger: log }) => {
  await sweepRepeats({ ...deps, logger: log }, request);
  return 'ack';
});
