/**
 * `load`, called at most once per `ttlMs`: callers within that time share the last value, and callers
 * during a load share that load. A failed load is not kept (the next caller tries again).
 */
export function ttlCached<T>(
  load: () => Promise<T>,
  ttlMs: number,
  now: () => number = Date.now,
): () => Promise<T> {
  let cached: { value: Promise<T>; loadedAt: number } | undefined;
  return () => {
    const at = now();
    if (cached === undefined || at - cached.loadedAt >= ttlMs) {
      const entry = { value: load(), loadedAt: at };
      cached = entry;
      entry.value.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return cached.value;
  };
}
