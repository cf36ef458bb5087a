import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { orgApiClients } from '../../shared/mackerel/api/org-api-clients';
import { selfWatchPoster } from '../../shared/mackerel/api/self-watch-poster';
import { firestoreOrgs } from '../../shared/orgs/adapters/firestore-orgs';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { pubSubPublisher } from '../../shared/platform/pubsub/pubsub-publisher';
import { servePush } from '../../shared/platform/pubsub/serve-push';
import { secretReaderFromEnv } from '../../shared/platform/secrets/secret-reader-for';
import { firestoreProbeDefinitions } from '../../shared/probes/adapters/firestore-probe-definitions';
import { firestoreProbeHosts } from '../../shared/probes/adapters/firestore-probe-hosts';
import { firestoreProbeRounds } from '../../shared/probes/adapters/firestore-probe-rounds';
import { mackerelProbeApi, PROBE_API_RETRY } from '../../shared/probes/adapters/mackerel-probe-api';
import { targetRunner } from '../../shared/probes/adapters/target-runner';
import { probeConfigSchema } from '../../shared/probes/probe-config';
import { probeRequestSchema } from '../../shared/probes/probe-request';
import { runProbeRound } from '../../shared/probes/run-probe-round';

const logger = createLogger({ component: 'probe' });
const config = loadConfig('probe', probeConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
const clientFor = orgApiClients({
  // Shorter retries than the audit's: the chunk and its post must end within the minute.
  retry: PROBE_API_RETRY,
  timeoutMs: config.PROBE_API_TIMEOUT_MS,
  baseUrl: config.MACKEREL_API_BASE_URL,
  // Keys change rarely; a rotated key is picked up within minutes.
  secrets: secretReaderFromEnv(config, 10 * 60_000),
});
const deps = {
  orgs: firestoreOrgs(db),
  definitions: firestoreProbeDefinitions(db, logger),
  hosts: firestoreProbeHosts(db),
  rounds: firestoreProbeRounds(db),
  mackerel: mackerelProbeApi(clientFor),
  runTargets: targetRunner({
    concurrency: config.PROBE_CONCURRENCY,
    roundDeadlineMs: config.PROBE_ROUND_DEADLINE_MS,
    allowLoopback: config.PROBE_ALLOW_LOOPBACK,
  }),
  publisher: pubSubPublisher({
    projectId: config.GOOGLE_CLOUD_PROJECT,
    timeoutMs: config.PROBE_PUBLISH_TIMEOUT_MS,
  }),
  ...selfWatchPoster(clientFor, config),
  logger,
  now: () => new Date(),
};
const settings = {
  chunkSize: config.PROBE_CHUNK_SIZE,
  staleAfterMs: config.PROBE_STALE_AFTER_MS,
  hostsMaxAgeMs: config.PROBE_HOSTS_MAX_AGE_MS,
};

/**
 * Push-triggered on probe-requests: the one-minute schedule fans out one message per org with probes;
 * each org's message runs its first chunk of targets (and fans out the rest), posting the results as
 * the probed hosts' metrics in the org's Mackerel.
 */
servePush('probe', probeRequestSchema, logger, async (request, { logger: log, correlationId }) => {
  await runProbeRound({ ...deps, logger: log }, settings, request, correlationId);
  return 'ack';
});
