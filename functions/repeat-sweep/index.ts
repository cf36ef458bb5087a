import { firestoreRouterDeps } from '../../shared/alerting/adapters/firestore-router-deps';
import { routerConfigSchema } from '../../shared/alerting/router/router-config';
import { repeatSweepRequestSchema, sweepRepeats } from '../../shared/alerting/router/sweep-repeats';
import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { firestoreOrgs } from '../../shared/orgs/adapters/firestore-orgs';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { servePush } from '../../shared/platform/pubsub/serve-push';

const logger = createLogger({ component: 'repeat-sweep' });
// The router's settings: repeats go through the same storm control as the router's own notifications.
const config = loadConfig('repeat-sweep', routerConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
const orgs = firestoreOrgs(db);
const deps = {
  ...firestoreRouterDeps(db, config),
  orgNames: async () => (await orgs.list()).map((org) => org.name),
};

/** Push-triggered on repeat-sweep-requests (every 5 minutes): repeats for alerts that stay open. */
servePush('repeatSweep', repeatSweepRequestSchema, logger, async (request, { logger: log }) => {
  await sweepRepeats({ ...deps, logger: log }, request);
  return 'ack';
});
