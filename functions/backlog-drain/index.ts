import { http } from '@google-cloud/functions-framework';
import { createFirestore } from '../../shared/adapters/firestore-client';
import { firestoreEventBacklog } from '../../shared/adapters/firestore-event-backlog';
import { pubSubPublisher } from '../../shared/adapters/pubsub-publisher';
import { loadConfig } from '../../shared/config/load-config';
import { backlogDrainConfigSchema } from '../../shared/intake/backlog-drain-config';
import { backlogDrainRequestSchema, drainBacklog } from '../../shared/intake/drain-backlog';
import { createLogger } from '../../shared/log/logger';
import { handlePush } from '../../shared/pubsub/push-handler';

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

http('backlogDrain', async (req, res) => {
  const reply = await handlePush(
    req.body,
    backlogDrainRequestSchema,
    logger,
    async (request, { logger: log }) => {
      await drainBacklog({ ...deps, logger: log }, request);
      return 'ack';
    },
  );
  res.status(reply.status).json(reply.body);
});
