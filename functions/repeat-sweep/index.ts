import { firestoreRouterDeps } from '../../shared/alerting/adapters/firestore-router-deps';
import { repeatSweepRequestSchema } from '../../shared/alerting/router/repeat-sweep-request';
import { routerConfigSchema } from '../../shared/alerting/router/router-config';
import { sweepRepeats } from '../../shared/alerting/router/sweep-repeats';
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

/**
 * Push-triggered on repeat-sweep-requests: every 5 minutes for every org (repeats for alerts that stay
 * open, muted alerts mailed once nothing mutes them), and from the router for one org when an alert that
 * inhibited others stops.
 */
servePush('repeatSweep', repeatSweepRequestSchema, logger, async (request, { logger: log }) => {
  await sweepRepeats({ ...deps, logger: log }, request);
  return 'ack';
});
