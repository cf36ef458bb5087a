import type { WebhookTokenDirectory, WebhookTokenRecord } from '../ports/webhook-token-directory';

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
    if (entries.size >= options.maxEntries) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    entries.set(hash, { value, expiresAt: now() + (value ? options.hitTtlMs : options.missTtlMs) });
  };

  return {
    async findByHash(hash) {
      const cached = entries.get(hash);
      if (cached && cached.expiresAt > now()) return cached.value;
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
