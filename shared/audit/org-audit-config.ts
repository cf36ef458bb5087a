import { z } from 'zod';
import { envInt, envList, gcpProject, hostPort } from '../kernel/config/env-fields';
import { mackerelApiEnvShape } from '../mackerel/api/org-api-clients';
import { selfWatchEnvShape } from '../mackerel/api/self-watch-poster';

const address = z.email();
export const orgAuditConfigSchema = z.object({
  GOOGLE_CLOUD_PROJECT: gcpProject,
  /** Where our webhook URLs start; an org's channel with another URL is not ours. */
  AUDIT_WEBHOOK_URL_PREFIX: z.url({ protocol: /^https?$/ }),
  /** Ops mailbox(es) for findings and the daily summary. */
  AUDIT_MAIL_TO: envList.pipe(z.array(address).min(1)),
  AUDIT_MAIL_CC: envList.pipe(z.array(address)).default([]),
  AUDIT_MAIL_LANGUAGE: z.enum(['ja', 'en']).default('ja'),
  ...mackerelApiEnvShape,
  /** Per API call attempt (the client retries 429/5xx with backoff within the org deadline). */
  AUDIT_REQUEST_TIMEOUT_MS: envInt(500, 60_000).default(10_000),
  /** One org's whole observation; below the function timeout so a hung org still gets its state. */
  AUDIT_ORG_DEADLINE_MS: envInt(1000, 50_000).default(40_000),
  /** host:port of a local Secret Manager; unset in Google Cloud. */
  SECRET_MANAGER_LOCAL_ENDPOINT: hostPort.optional(),
  AUDIT_PUBLISH_TIMEOUT_MS: envInt(100, 60_000).default(5000),
  ...selfWatchEnvShape,
});

export type OrgAuditConfig = z.infer<typeof orgAuditConfigSchema>;
