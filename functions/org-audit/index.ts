import { firestoreOrgAudits } from '../../shared/audit/adapters/firestore-org-audits';
import { firestorePipelineHealth } from '../../shared/audit/adapters/firestore-pipeline-health';
import { mackerelOrgObserver } from '../../shared/audit/adapters/mackerel-org-observer';
import { auditRequestSchema } from '../../shared/audit/audit-round-plan';
import { orgAuditConfigSchema } from '../../shared/audit/org-audit-config';
import { runOrgAudit } from '../../shared/audit/run-org-audit';
import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { orgApiClients } from '../../shared/mackerel/api/org-api-clients';
import { selfWatchPoster } from '../../shared/mackerel/api/self-watch-poster';
import { firestoreMonitorPlans } from '../../shared/monitors/adapters/firestore-monitor-plans';
import { firestoreOrgs } from '../../shared/orgs/adapters/firestore-orgs';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { pubSubPublisher } from '../../shared/platform/pubsub/pubsub-publisher';
import { servePush } from '../../shared/platform/pubsub/serve-push';
import { secretReaderFromEnv } from '../../shared/platform/secrets/secret-reader-for';
import { firestoreProbeRounds } from '../../shared/probes/adapters/firestore-probe-rounds';
import { firestoreMissedWebhooks } from '../../shared/reconcile/adapters/firestore-missed-webhooks';

const logger = createLogger({ component: 'org-audit' });
const config = loadConfig('org-audit', orgAuditConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
// Keys change rarely; a rotated key is picked up within the hour.
const secrets = secretReaderFromEnv(config, 10 * 60_000);
const clientFor = orgApiClients({
  secrets,
  baseUrl: config.MACKEREL_API_BASE_URL,
  timeoutMs: config.AUDIT_REQUEST_TIMEOUT_MS,
});
const deps = {
  orgs: firestoreOrgs(db),
  store: firestoreOrgAudits(db),
  monitorPlans: firestoreMonitorPlans(db),
  probeRounds: firestoreProbeRounds(db),
  observe: mackerelOrgObserver({ clientFor, orgDeadlineMs: config.AUDIT_ORG_DEADLINE_MS }),
  publisher: pubSubPublisher({
    projectId: config.GOOGLE_CLOUD_PROJECT,
    timeoutMs: config.AUDIT_PUBLISH_TIMEOUT_MS,
  }),
  health: firestorePipelineHealth(db),
  missedWebhooks: firestoreMissedWebhooks(db),
  ...selfWatchPoster(clientFor, config),
};
const settings = {
  webhookUrlPrefix: config.AUDIT_WEBHOOK_URL_PREFIX,
  recipients: { to: config.AUDIT_MAIL_TO, cc: config.AUDIT_MAIL_CC },
  language: config.AUDIT_MAIL_LANGUAGE,
};

/**
 * Push-triggered on audit-requests: the hourly schedule fans out one message per enabled org (and posts
 * the self-watch metrics), each org's share audits that org, the 09:00 request mails the summary.
 */
servePush('orgAudit', auditRequestSchema, logger, async (request, { logger: log, correlationId }) => {
  await runOrgAudit({ ...deps, logger: log }, settings, request, correlationId);
  return 'ack';
});
