import type { ChatTarget, PagerDutyTarget } from '../targets/notification-target';
import type { SentMessage } from './send-error';

/**
 * Posts to chat and paging services with the credential held in the target's secret. Rejects with a
 * SendError whose message never holds the webhook URL or the routing key.
 */
export interface ChatSender {
  /** One JSON body to the Slack or Teams webhook URL in the target's secret. */
  post(target: ChatTarget, body: unknown): Promise<SentMessage>;
  /**
   * Events to PagerDuty's Events API v2, in order, with the routing key in the target's secret filled in
   * (the events are rendered without it). A retry sends them all again: their dedup_keys make that harmless.
   */
  enqueue(target: PagerDutyTarget, events: readonly { routing_key: string }[]): Promise<SentMessage>;
}
