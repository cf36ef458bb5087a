import { createFirestore } from '../../shared/adapters/firestore-client';
import { firestoreOrgAudits } from '../../shared/adapters/firestore-org-audits';
import { firestoreOrgs } from '../../shared/adapters/firestore-orgs';
import { firestorePipelineHealth } from '../../shared/adapters/firestore-pipeline-health';
import { firestoreMissedWebhooks } from '../../shared/adapters/firestore-reconcile-missed-webhooks';
import { apiKeySecretOf, mackerelOrgObserver } from '../../shared/adapters/mackerel-org-observer';
import { pubSubPublisher } from '../../shared/adapters/pubsub-publisher';
import { secretReaderFor } from '../../shared/adapters/secret-reader-factory';
import { auditRequestSchema } from '../../shared/audit/audit-round-plan';
import { loadConfig } from '../../shared/config/load-config';
import { createLogger } from '../../shared/log/logger';
import { MackerelApiClient } from '../../shared/mackerel-api/mackerel-api-client';
import { orgAuditConfigSchema } from '../../shared/org-audit/org-audit-config';
import { runOrgAudit } from '../../shared/org-audit/run-org-audit';
import { servePush } from '../../shared/pubsub/serve-push';

const logger = createLogger({ component: 'org-audit' });
const config = loadConfig('org-audit', orgAuditConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
const secrets = secretReaderFor({
  projectId: config.GOOGLE_CLOUD_PROJECT,
  localEndpoint: config.SECRET_MANAGER_LOCAL_ENDPOINT,
  // Keys change rarely; a rotated key is picked up within the hour.
  cacheTtlMs: 10 * 60_000,
});
const baseUrl = config.MACKEREL_API_BASE_URL;
const selfWatchOrg = config.SELF_WATCH_ORG;
const deps = {
  orgs: firestoreOrgs(db),
  store: firestoreOrgAudits(db),
  observe: mackerelOrgObserver({
    secrets,
    ...(baseUrl ? { baseUrl } : {}),
    requestTimeoutMs: config.AUDIT_REQUEST_TIMEOUT_MS,
    orgDeadlineMs: config.AUDIT_ORG_DEADLINE_MS,
  }),
  publisher: pubSubPublisher({
    projectId: config.GOOGLE_CLOUD_PROJECT,
    timeoutMs: config.AUDIT_PUBLISH_TIMEOUT_MS,
  }),
  health: firestorePipelineHealth(db),
  missedWebhooks: firestoreMissedWebhooks(db),
  ...(selfWatchOrg
    ? {
        postSelfWatch: async (points: { name: string; time: number; value: number }[]) => {
          const apiKey = await secrets.read(apiKeySecretOf(selfWatchOrg));
          const client = new MackerelApiClient({ apiKey, ...(baseUrl ? { baseUrl } : {}) });
          await client.postServiceMetrics(config.SELF_WATCH_SERVICE, points);
        },
      }
    : {}),
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
