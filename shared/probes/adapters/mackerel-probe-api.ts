import { SecretNotFoundError } from '../../kernel/ports/secret-reader';
import type { HostMetricValue } from '../../mackerel/api/host-metric-schema';
import { MackerelApiError } from '../../mackerel/api/mackerel-api-error';
import type { OrgApiClients } from '../../mackerel/api/org-api-clients';
import type { PostOutcome } from '../metric-buffer';
import { probeHostOf } from '../probe-host';
import type { ProbeMackerel } from '../probe-ports';

/**
 * Shorter than the client's default: a chunk's probes (PROBE_ROUND_DEADLINE_MS) and its post with every
 * retry (3 x PROBE_API_TIMEOUT_MS + 1.5 s) must end within the function's 60 s; what does not post is
 * buffered for the next round anyway.
 */
export const PROBE_API_RETRY = { attempts: 3, baseDelayMs: 500, maxDelayMs: 1000 };

/** Points per `POST /api/v0/tsdb`: one request for a typical org's round, a few for a large chunk. */
export const POINTS_PER_POST = 500;

/**
 * Outages and rate limits pass (the client has retried already); what Mackerel refused, or an org with
 * no API key, fails the same way next round.
 */
function outcomeOf(error: unknown): PostOutcome {
  const lasting =
    (error instanceof MackerelApiError && !error.retryable) || error instanceof SecretNotFoundError;
  if (lasting) return { kind: 'rejected', message: error.message };
  return { kind: 'unavailable', message: error instanceof Error ? error.message : String(error) };
}

/** The probes' Mackerel calls through each org's own key (the client retries 429 and 5xx with backoff). */
export function mackerelProbeApi(clientFor: OrgApiClients): ProbeMackerel {
  return {
    async listHosts(org) {
      const client = await clientFor(org);
      return (await client.listHosts()).map(probeHostOf);
    },
    async postHostMetrics(org, points) {
      try {
        const client = await clientFor(org);
        for (let i = 0; i < points.length; i += POINTS_PER_POST) {
          await client.postHostMetrics(points.slice(i, i + POINTS_PER_POST) as HostMetricValue[]);
        }
        return { kind: 'posted' };
      } catch (error) {
        return outcomeOf(error);
      }
    },
  };
}
