import type { RoutingVersions } from '../../routing/routing-versions';
import type { RouterRoutingConfig, RoutingConfigSource } from './router-ports';

/**
 * The longest a configuration is used without loading it again. Changes made through msp-ops move the
 * routing version and apply to the next event; this bounds a change made by hand in the Firestore
 * console, which the version does not see.
 */
export const ROUTING_CACHE_MAX_AGE_MS = 60_000;

interface Cached {
  version: string;
  loadedAt: number;
  config: Promise<RouterRoutingConfig>;
}

/**
 * Routing configuration per org, loaded once (an org document, its routes, the MSP routes and the
 * silences: four Firestore calls) and then reused while the org's routing version stays the same (one
 * document read, which joins the event's other reads) and for at most `maxAgeMs`. Silences are kept as
 * loaded and decided against each event's time, so one that ends or begins meanwhile is still honoured.
 * Events of one org arriving together share one load; a failed load is not kept.
 */
export function cachedRoutingConfig(
  source: RoutingConfigSource,
  versions: RoutingVersions,
  options: { maxAgeMs?: number; clock?: () => number } = {},
): RoutingConfigSource {
  const maxAgeMs = options.maxAgeMs ?? ROUTING_CACHE_MAX_AGE_MS;
  const clock = options.clock ?? Date.now;
  const cache = new Map<string, Cached>();
  return {
    async load(org, now) {
      const version = await versions.versionOf(org);
      const hit = cache.get(org);
      if (hit !== undefined && hit.version === version && clock() - hit.loadedAt < maxAgeMs)
        return hit.config;
      const entry: Cached = { version, loadedAt: clock(), config: source.load(org, now) };
      cache.set(org, entry);
      entry.config.catch(() => {
        if (cache.get(org) === entry) cache.delete(org);
      });
      return entry.config;
    },
  };
}
