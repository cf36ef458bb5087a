import type { WebhookTokenDirectory, WebhookTokenRecord } from '../orgs/webhook-token-directory';

export interface TokenCacheOptions {
  /** How long a found token is trusted without asking Firestore again (bounds how late a revocation bites). */
  hitTtlMs: number;
  /** Short, so a token added a moment ago starts working soon, yet a flood of bad tokens costs few reads. */
  missTtlMs: number;
  maxEntries: number;
  now?: () => number;
}

interface Entry {
  value: WebhookTokenRecord | undefined;
  expiresAt: number;
}

/** Keeps the webhook hot path free of a Firestore round trip; concurrent misses share one lookup. */
export function cachedTokenDirectory(
  inner: WebhookTokenDirectory,
  options: TokenCacheOptions,
): WebhookTokenDirectory {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<WebhookTokenRecord | undefined>>();

  const remember = (hash: string, value: WebhookTokenRecord | undefined) => {
    // Refreshing an expired entry must not push out a live one; re-inserting also makes it the newest.
    entries.delete(hash);
    if (entries.size >= options.maxEntries) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    entries.set(hash, { value, expiresAt: now() + (value ? options.hitTtlMs : options.missTtlMs) });
  };

  const answerAtHand = (hash: string) => {
    const cached = entries.get(hash);
    return cached && cached.expiresAt > now() ? { record: cached.value } : undefined;
  };

  return {
    answerAtHand,
    async findByHash(hash) {
      const cached = answerAtHand(hash);
      if (cached) return cached.record;
      const pending = inFlight.get(hash);
      if (pending) return pending;
      const lookup = inner
        .findByHash(hash)
        .then((value) => {
          remember(hash, value);
          return value;
        })
        .finally(() => inFlight.delete(hash));
      inFlight.set(hash, lookup);
      return lookup;
    },
  };
}
