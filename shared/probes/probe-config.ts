import { z } from 'zod';
import { envBool, envInt, gcpProject, hostPort } from '../kernel/config/env-fields';
import { mackerelApiEnvShape } from '../mackerel/api/org-api-clients';
import { selfWatchEnvShape } from '../mackerel/api/self-watch-poster';

export const probeConfigSchema = z.object({
  GOOGLE_CLOUD_PROJECT: gcpProject,
  ...mackerelApiEnvShape,
  /** Probes in flight at once in one chunk (one instance may run a few chunks at once). */
  PROBE_CONCURRENCY: envInt(1, 500).default(50),
  /** Targets per message: an org with more is fanned out in chunks, each retried on its own. */
  PROBE_CHUNK_SIZE: envInt(1, 1000).default(100),
  /**
   * One chunk's probes must be done by then (those still running settle as timeouts), leaving the rest
   * of the minute to post: below the function timeout and the round's minute.
   */
  PROBE_ROUND_DEADLINE_MS: envInt(1000, 50_000).default(30_000),
  /** A round message older than this is not run (its minute has passed; the next round is due). */
  PROBE_STALE_AFTER_MS: envInt(10_000, 600_000).default(90_000),
  /** How long the org's host list (for templates and service/role targets) is reused before it is fetched again. */
  PROBE_HOSTS_MAX_AGE_MS: envInt(0, 86_400_000).default(600_000),
  /** Per Mackerel API call attempt (the client retries 429/5xx with backoff). */
  PROBE_API_TIMEOUT_MS: envInt(500, 30_000).default(5000),
  PROBE_PUBLISH_TIMEOUT_MS: envInt(100, 60_000).default(5000),
  /**
   * The local stack only: its stand-in targets listen on 127.0.0.1. Loopback is refused in Google Cloud
   * whatever an org allows (infra/ never sets this, and a test holds it there).
   */
  PROBE_ALLOW_LOOPBACK: envBool.default(false),
  /** host:port of a local Secret Manager; unset in Google Cloud. */
  SECRET_MANAGER_LOCAL_ENDPOINT: hostPort.optional(),
  ...selfWatchEnvShape,
});

export type ProbeConfig = z.infer<typeof probeConfigSchema>;
