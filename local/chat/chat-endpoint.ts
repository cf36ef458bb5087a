import type { ChatAnswer } from './chat-answer';
import type { ChatFaultStatus } from './chat-faults';
import type { ChatService } from './chat-service';

/** One service's receiving endpoint as the stand-in plays it: its path, size limit and contract. */
export interface ChatEndpoint {
  service: ChatService;
  /** Whether a POST to `pathname` is to this endpoint. */
  matches(pathname: string): boolean;
  /** Bodies past this answer `tooLarge`. */
  maxBodyBytes: number;
  tooLarge(): ChatAnswer;
  /** What the service answers with this status when it fails (the caller adds Retry-After). */
  fault(status: ChatFaultStatus): ChatAnswer;
  /** Checks a body against the contract and, when it holds, acts on it (PagerDuty's incidents). */
  receive(body: Buffer, receivedAt: Date): ChatAnswer;
}
