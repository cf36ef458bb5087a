import { firestoreAlertStates } from '../../shared/alerting/adapters/firestore-alert-states';
import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { orgApiClients } from '../../shared/mackerel/api/org-api-clients';
import { firestoreOrgs } from '../../shared/orgs/adapters/firestore-orgs';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { pubSubPublisher } from '../../shared/platform/pubsub/pubsub-publisher';
import { servePush } from '../../shared/platform/pubsub/serve-push';
import { secretReaderFromEnv } from '../../shared/platform/secrets/secret-reader-for';
import { firestoreMissedWebhooks } from '../../shared/reconcile/adapters/firestore-missed-webhooks';
import { reconcileConfigSchema } from '../../shared/reconcile/reconcile-config';
import { reconcileRequestSchema } from '../../shared/reconcile/reconcile-request';
import { runReconcile } from '../../shared/reconcile/run-reconcile';

const logger = createLogger({ component: 'reconcile' });
const config = loadConfig('reconcile', reconcileConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
// Keys change rarely; a rotated key is picked up within minutes.
const secrets = secretReaderFromEnv(config, 10 * 60_000);
const deps = {
  orgs: firestoreOrgs(db),
  mackerelFor: orgApiClients({
    secrets,
    baseUrl: config.MACKEREL_API_BASE_URL,
    timeoutMs: config.RECONCILE_REQUEST_TIMEOUT_MS,
  }),
  alerts: firestoreAlertStates(db),
  ledger: firestoreMissedWebhooks(db),
  publisher: pubSubPublisher({
    projectId: config.GOOGLE_CLOUD_PROJECT,
    timeoutMs: config.RECONCILE_PUBLISH_TIMEOUT_MS,
  }),
};
const settings = {
  windowMinutes: config.RECONCILE_WINDOW_MINUTES,
  settleSeconds: config.RECONCILE_SETTLE_SECONDS,
  maxPages: config.RECONCILE_MAX_PAGES,
  orgDeadlineMs: config.RECONCILE_ORG_DEADLINE_MS,
};

/**
 * Push-triggered on reconcile-requests: the 15-minute schedule fans out one message per enabled org;
 * each org's share compares Mackerel's alerts with the router's state and publishes what the router
 * missed to mackerel-events. The request's publish time is the run's time, so a redelivery repeats it.
 */
servePush(
  'reconcile',
  reconcileRequestSchema,
  logger,
  async (request, { logger: log, correlationId, publishedAt }) => {
    await runReconcile({ ...deps, logger: log }, settings, request, {
      correlationId,
      requestedAt: publishedAt,
    });
    return 'ack';
  },
);
