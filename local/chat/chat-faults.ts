import { z } from 'zod';
import { CHAT_SERVICES, type ChatService, chatServiceSchema } from './chat-service';

export const CHAT_FAULT_STATUSES = [400, 429, 500, 502, 503] as const;

/** `POST /api/faults`: the next `count` requests to `service` answer `status`. */
export const chatFaultSchema = z.object({
  service: chatServiceSchema,
  status: z.literal(CHAT_FAULT_STATUSES),
  count: z.int().min(1).max(10_000),
  /** Sent as Retry-After; a 429 always carries one (1 second unless given). */
  retryAfterSeconds: z.int().min(0).max(86_400).optional(),
});

export type ChatFault = z.infer<typeof chatFaultSchema>;
export type ChatFaultStatus = ChatFault['status'];
export type ArmedChatFault = Pick<ChatFault, 'status' | 'retryAfterSeconds'>;

/** Faults armed per service, used up one request at a time in the order they were armed. */
export class ChatFaultQueues {
  private readonly queues = new Map<ChatService, ArmedChatFault[]>(CHAT_SERVICES.map((s) => [s, []]));

  arm(fault: ChatFault): void {
    const { status, retryAfterSeconds } = fault;
    const queue = this.queueOf(fault.service);
    for (let i = 0; i < fault.count; i++) queue.push({ status, retryAfterSeconds });
  }

  take(service: ChatService): ArmedChatFault | undefined {
    return this.queueOf(service).shift();
  }

  /** Faults still to answer, per service. */
  pending(): Record<ChatService, number> {
    return {
      slack: this.queueOf('slack').length,
      teams: this.queueOf('teams').length,
      pagerduty: this.queueOf('pagerduty').length,
    };
  }

  clear(): void {
    for (const queue of this.queues.values()) queue.length = 0;
  }

  private queueOf(service: ChatService): ArmedChatFault[] {
    const queue = this.queues.get(service);
    if (queue === undefined) throw new Error(`no fault queue for ${service}`);
    return queue;
  }
}

/** Retry-After on every 429, and on any other fault armed with one. */
export function faultHeaders(fault: ArmedChatFault): Record<string, string> {
  const seconds = fault.retryAfterSeconds ?? (fault.status === 429 ? 1 : undefined);
  return seconds === undefined ? {} : { 'Retry-After': String(seconds) };
}
