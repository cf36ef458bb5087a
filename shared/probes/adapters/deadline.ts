/** Thrown by `race` once the deadline has passed; the harness reports it as failure 'timeout'. */
export class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(`no result within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * One overall budget for a probe (lookup, connect, TLS, redirects, body): a single timer whose signal
 * tears sockets down, instead of per-phase timeouts that add up past the caller's budget.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  expired(): boolean;
  /** Milliseconds left, never below 1 (callers pass it to APIs that treat 0 as "no timeout"). */
  remaining(): number;
  /** `work`, or a DeadlineExceeded rejection as soon as the deadline passes. */
  race<T>(work: Promise<T>): Promise<T>;
  dispose(): void;
}

export function startDeadline(ms: number): Deadline {
  const controller = new AbortController();
  const endsAt = performance.now() + ms;
  // Made when the timer fires, not per probe: most probes end in time, and an Error costs a stack trace.
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(ms)), ms);
  const expiry = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  // Nobody may be racing when the timer fires; that rejection is expected, not unhandled.
  expiry.catch(() => undefined);
  return {
    signal: controller.signal,
    expired: () => controller.signal.aborted,
    remaining: () => Math.max(1, Math.ceil(endsAt - performance.now())),
    race: (work) => Promise.race([work, expiry]),
    dispose: () => clearTimeout(timer),
  };
}
