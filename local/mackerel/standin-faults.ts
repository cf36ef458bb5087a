import { z } from 'zod';

export const FAULT_STATUSES = [401, 403, 429, 500, 502, 503] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

/**
 * The next `count` API calls of one org: wait `delayMs`, then hang (never answer), answer `status`, or
 * (neither given) answer normally, late. A 401 plays a revoked key, a 403 an IP restriction.
 */
export const faultRequestSchema = z
  .object({
    org: z.string().min(1),
    count: z.int().min(1).max(10_000),
    status: z.literal(FAULT_STATUSES).optional(),
    delayMs: z.int().min(0).max(600_000).optional(),
    hang: z.boolean().optional(),
  })
  .refine((f) => f.status !== undefined || f.hang === true || f.delayMs !== undefined, {
    message: 'give a status, hang: true, or delayMs',
  })
  .refine((f) => !(f.hang === true && f.status !== undefined), { message: 'a hung call answers no status' });

export type FaultRequest = z.infer<typeof faultRequestSchema>;
export type Fault = Omit<FaultRequest, 'org' | 'count'>;

/** Mackerel-style messages for the error body of each injected status. */
export const faultMessages: Record<FaultStatus, string> = {
  401: 'Authentication failed. Please try again.',
  403: 'Forbidden: the API key lacks permission or the request comes from outside the permitted IP addresses.',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Faults armed for one org, used up in order. */
export class FaultQueue {
  private readonly pending: Array<{ fault: Fault; remaining: number }> = [];

  arm(fault: Fault, count: number): void {
    this.pending.push({ fault, remaining: count });
  }

  /** The fault for the next call, if any. */
  take(): Fault | undefined {
    const head = this.pending[0];
    if (head === undefined) return undefined;
    head.remaining -= 1;
    if (head.remaining === 0) this.pending.shift();
    return head.fault;
  }

  get size(): number {
    return this.pending.reduce((sum, entry) => sum + entry.remaining, 0);
  }
}
