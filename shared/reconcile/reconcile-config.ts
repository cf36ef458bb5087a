import { z } from 'zod';
import { envInt, gcpProject, hostPort } from '../kernel/config/env-fields';
import { mackerelApiEnvShape } from '../mackerel/api/org-api-clients';
import { MAX_WINDOW_MINUTES } from './reconcile-request';

export const reconcileConfigSchema = z.object({
  GOOGLE_CLOUD_PROJECT: gcpProject,
  ...mackerelApiEnvShape,
  /** host:port of a local Secret Manager; unset in Google Cloud. */
  SECRET_MANAGER_LOCAL_ENDPOINT: hostPort.optional(),
  /**
   * How far back alerts the router never heard of are looked for. Every run (15 minutes) covers it again,
   * so a change has several chances to be found; alerts the router holds open are compared at any age.
   */
  RECONCILE_WINDOW_MINUTES: envInt(15, MAX_WINDOW_MINUTES).default(120),
  /** A change younger than this is left to its webhook, which may still be on its way (no false counts). */
  RECONCILE_SETTLE_SECONDS: envInt(0, 3600).default(300),
  /** Per alert listing, 100 alerts a page, 1 s apart as Mackerel's CLI does. */
  RECONCILE_MAX_PAGES: envInt(1, 50).default(10),
  /** Per API call attempt (the client retries 429/5xx with backoff within the org deadline). */
  RECONCILE_REQUEST_TIMEOUT_MS: envInt(500, 60_000).default(10_000),
  /** One org's whole run; below the function timeout so a hung org answers 5xx and is retried alone. */
  RECONCILE_ORG_DEADLINE_MS: envInt(1000, 300_000).default(50_000),
  RECONCILE_PUBLISH_TIMEOUT_MS: envInt(100, 60_000).default(5000),
});

export type ReconcileConfig = z.infer<typeof reconcileConfigSchema>;
