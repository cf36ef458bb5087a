import type { IntakeDeps } from '../../shared/intake/accept-webhook';
import { firestoreEventBacklog } from '../../shared/intake/adapters/firestore-event-backlog';
import { cachedTokenDirectory } from '../../shared/intake/cached-token-directory';
import type { IntakeConfig } from '../../shared/intake/intake-config';
import { createIpAllowlist } from '../../shared/intake/ip-allowlist';
import type { Logger } from '../../shared/kernel/log/logger';
import { firestoreWebhookTokens } from '../../shared/orgs/adapters/firestore-webhook-tokens';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { pubSubPublisher } from '../../shared/platform/pubsub/pubsub-publisher';

/** Composition root: the only place that decides which adapters the intake use-case gets. */
export function intakeDeps(config: IntakeConfig, logger: Logger): IntakeDeps {
  const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
  return {
    tokens: cachedTokenDirectory(firestoreWebhookTokens(db), {
      hitTtlMs: config.INTAKE_TOKEN_CACHE_SECONDS * 1000,
      missTtlMs: Math.min(config.INTAKE_TOKEN_CACHE_SECONDS * 1000, 5000),
      maxEntries: 10_000,
    }),
    publisher: pubSubPublisher({
      projectId: config.GOOGLE_CLOUD_PROJECT,
      timeoutMs: config.INTAKE_PUBLISH_TIMEOUT_MS,
    }),
    backlog: firestoreEventBacklog(db),
    allowlist: config.INTAKE_SOURCE_ALLOWLIST ? createIpAllowlist(config.INTAKE_SOURCE_ALLOWLIST) : undefined,
    publishRetry: { attempts: config.INTAKE_PUBLISH_ATTEMPTS, baseDelayMs: 50, maxDelayMs: 400 },
    firestoreTimeoutMs: config.INTAKE_FIRESTORE_TIMEOUT_MS,
    logger,
  };
}
