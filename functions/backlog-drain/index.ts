import { firestoreEventBacklog } from '../../shared/intake/adapters/firestore-event-backlog';
import { backlogDrainConfigSchema } from '../../shared/intake/backlog-drain-config';
import { backlogDrainRequestSchema, drainBacklog } from '../../shared/intake/drain-backlog';
import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { pubSubPublisher } from '../../shared/platform/pubsub/pubsub-publisher';
import { servePush } from '../../shared/platform/pubsub/serve-push';

const logger = createLogger({ component: 'backlog-drain' });
const config = loadConfig('backlog-drain', backlogDrainConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
const deps = {
  backlog: firestoreEventBacklog(db),
  publisher: pubSubPublisher({
    projectId: config.GOOGLE_CLOUD_PROJECT,
    timeoutMs: config.DRAIN_PUBLISH_TIMEOUT_MS,
  }),
};

servePush('backlogDrain', backlogDrainRequestSchema, logger, async (request, { logger: log }) => {
  await drainBacklog({ ...deps, logger: log }, request);
  return 'ack';
});
