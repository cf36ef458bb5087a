import { firestoreAlertStates } from '../../shared/alerting/adapters/firestore-alert-states';
import { firestoreGroupingStore } from '../../shared/alerting/adapters/firestore-grouping-store';
import { digestFlushConfigSchema } from '../../shared/alerting/storm/digest-flush-config';
import { digestFlushRequestSchema, flushDigests } from '../../shared/alerting/storm/flush-digests';
import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { pubSubPublisher } from '../../shared/platform/pubsub/pubsub-publisher';
import { servePush } from '../../shared/platform/pubsub/serve-push';

const logger = createLogger({ component: 'digest-flush' });
const config = loadConfig('digest-flush', digestFlushConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
const deps = {
  store: firestoreGroupingStore(db),
  alerts: firestoreAlertStates(db),
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
