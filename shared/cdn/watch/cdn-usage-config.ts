import { z } from 'zod';
import { envInt, gcpProject, hostPort } from '../../kernel/config/env-fields';
import { cdnEndpointsEnvShape } from '../sources/cdn-endpoints';

export const cdnUsageConfigSchema = z.object({
  GOOGLE_CLOUD_PROJECT: gcpProject,
  /** Per publish (fan-out messages, finance mails); a failed publish makes the push answer 5xx. */
  CDN_PUBLISH_TIMEOUT_MS: envInt(100, 60_000).default(5000),
  /** host:port of a local Secret Manager; unset in Google Cloud. */
  SECRET_MANAGER_LOCAL_ENDPOINT: hostPort.optional(),
  ...cdnEndpointsEnvShape,
  /** Hours re-fetched every run, so late and revised buckets are absorbed (README, CDN commit watch, step 1). */
  CDN_TRAILING_WINDOW_HOURS: envInt(2, 24 * 35).default(72),
  /**
   * Per provider request attempt. Three attempts with backoff stay inside the function's 60 s: a poll cut
   * short is redone, idempotently, by the redelivery.
   */
  CDN_SOURCE_TIMEOUT_MS: envInt(500, 15_000).default(10_000),
});

export type CdnUsageConfig = z.infer<typeof cdnUsageConfigSchema>;
