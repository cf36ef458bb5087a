import { firestoreCdnAlertStates } from '../../shared/cdn/adapters/firestore-cdn-alert-states';
import { firestoreCdnContracts } from '../../shared/cdn/adapters/firestore-cdn-contracts';
import { firestoreCdnHours } from '../../shared/cdn/adapters/firestore-cdn-hours';
import { usageSourceFor } from '../../shared/cdn/adapters/usage-source-for';
import { cdnEndpointsOf } from '../../shared/cdn/sources/cdn-endpoints';
import { cdnPollRequestSchema } from '../../shared/cdn/watch/cdn-poll-request';
import { cdnUsageConfigSchema } from '../../shared/cdn/watch/cdn-usage-config';
import { runCdnPoll } from '../../shared/cdn/watch/run-cdn-poll';
import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { pubSubPublisher } from '../../shared/platform/pubsub/pubsub-publisher';
import { servePush } from '../../shared/platform/pubsub/serve-push';
import { secretReaderFromEnv } from '../../shared/platform/secrets/secret-reader-for';

const logger = createLogger({ component: 'cdn-usage' });
const config = loadConfig('cdn-usage', cdnUsageConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
// Tokens change rarely; a rotated one is picked up within minutes.
const secrets = secretReaderFromEnv(config, 5 * 60_000);
const endpoints = cdnEndpointsOf(config);
// Three attempts with backoff stay inside the function's 60 s; a poll cut short is redone by the redelivery.
const sourceHttp = {
  timeoutMs: config.CDN_SOURCE_TIMEOUT_MS,
  retry: { attempts: 3, baseDelayMs: 1000, maxDelayMs: 5000 },
};
const deps = {
  contracts: firestoreCdnContracts(db),
  hours: firestoreCdnHours(db),
  alertStates: firestoreCdnAlertStates(db),
  sourceFor: (source: Parameters<typeof usageSourceFor>[0]) =>
    usageSourceFor(source, { secrets, endpoints, http: sourceHttp }),
  publisher: pubSubPublisher({
    projectId: config.GOOGLE_CLOUD_PROJECT,
    timeoutMs: config.CDN_PUBLISH_TIMEOUT_MS,
  }),
};
const settings = { trailingWindowHours: config.CDN_TRAILING_WINDOW_HOURS };

/**
 * Push-triggered on cdn-polls: the hourly schedule and the 09:00 digest fan out one message per enabled
 * contract; each contract's message polls it (or mails its digest, or closes its month).
 */
servePush(
  'cdnUsage',
  cdnPollRequestSchema,
  logger,
  async (request, { logger: log, correlationId, publishedAt }) => {
    await runCdnPoll({ ...deps, logger: log }, settings, request, {
      correlationId,
      requestedAt: publishedAt,
    });
    return 'ack';
  },
);
