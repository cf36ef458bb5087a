/**
 * Whether a still-open alert is due to be mailed again on a route: at least the route's repeat interval
 * has passed since that route was last notified about it. Never due for a route that was never notified
 * (that is a first notification, not a repeat) or for a time that cannot be read.
 *
 * The router asks this when an open alert's same status is reported again by a new event (a new dedup
 * key: Mackerel's own re-notifications repeat the key and are duplicates, so they never drive repeats).
 * A scheduler-driven sweep over open alerts will ask the same question later, so repeats follow the
 * route's interval even when Mackerel says nothing more; it is not built yet.
 */
export function isRepeatDue(
  lastNotifiedAt: Date | string | undefined,
  repeatIntervalSeconds: number,
  now: Date,
): boolean {
  if (lastNotifiedAt === undefined) return false;
  const last = typeof lastNotifiedAt === 'string' ? Date.parse(lastNotifiedAt) : lastNotifiedAt.getTime();
  if (!Number.isFinite(last) || !Number.isFinite(repeatIntervalSeconds)) return false;
  return now.getTime() - last >= repeatIntervalSeconds * 1000;
}

/**
 * When a route was last told of an alert: a notification held for a digest counts from when the digest
 * goes out, so nothing repeats while it waits nor right after it.
 */
export const lastToldAt = (told: { lastNotifiedAt: string; heldUntil?: string | undefined }): string =>
  told.heldUntil ?? told.lastNotifiedAt;
