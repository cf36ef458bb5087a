import { performance } from 'node:perf_hooks';

/**
 * Waits that last at least their delay and can all be cut short at stop. Node timers may fire a
 * millisecond early against a monotonic clock (the loop caches its time), and a probe measuring the
 * latency must never see less than was set: so the remainder is waited again.
 */
export class LatencyTimers {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();
  private cancelled = false;

  /** Resolves once `ms` have passed since `since` (a performance.now() value), or at cancelAll. */
  waitUntil(since: number, ms: number): Promise<void> {
    const left = since + ms - performance.now();
    if (left <= 0 || this.cancelled) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        this.waitUntil(since, ms).then(resolve);
      }, Math.ceil(left));
      this.pending.set(timer, resolve);
    });
  }

  /** Releases every wait now and any later one at once (the answers then find their sockets closed). */
  cancelAll(): void {
    this.cancelled = true;
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}
