import { createFirestore } from '../../shared/adapters/firestore-client';
import { firestoreEventBacklog } from '../../shared/adapters/firestore-event-backlog';
import { pubSubPublisher } from '../../shared/adapters/pubsub-publisher';
import { loadConfig } from '../../shared/config/load-config';
import { backlogDrainConfigSchema } from '../../shared/intake/backlog-drain-config';
import { backlogDrainRequestSchema, drainBacklog } from '../../shared/intake/drain-backlog';
import { createLogger } from '../../shared/log/logger';
import { servePush } from '../../shared/pubsub/serve-push';

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
