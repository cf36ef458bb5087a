import { createFirestore } from '../../shared/adapters/firestore-client';
import { firestoreGroupingStore } from '../../shared/adapters/firestore-group-windows';
import { pubSubPublisher } from '../../shared/adapters/pubsub-publisher';
import { loadConfig } from '../../shared/config/load-config';
import { createLogger } from '../../shared/log/logger';
import { servePush } from '../../shared/pubsub/serve-push';
import { digestFlushConfigSchema } from '../../shared/storm/digest-flush-config';
import { digestFlushRequestSchema, flushDigests } from '../../shared/storm/flush-digests';

const logger = createLogger({ component: 'digest-flush' });
const config = loadConfig('digest-flush', digestFlushConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
const deps = {
  store: firestoreGroupingStore(db),
  publisher: pubSubPublisher({
    projectId: config.GOOGLE_CLOUD_PROJECT,
    timeoutMs: config.DIGEST_PUBLISH_TIMEOUT_MS,
  }),
  graceSeconds: config.DIGEST_FLUSH_GRACE_SECONDS,
};

/** Push-triggered on digest-flush-requests (every minute): publishes the digests of ended windows. */
servePush('digestFlush', digestFlushRequestSchema, logger, async (request, { logger: log }) => {
  await flushDigests({ ...deps, logger: log }, request);
  return 'ack';
});
