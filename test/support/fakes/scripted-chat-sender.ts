import type { ChatSender } from '../../../shared/notify/delivery/chat-sender';
import type { SentMessage } from '../../../shared/notify/delivery/send-error';
import type { ChatTarget, PagerDutyTarget } from '../../../shared/notify/targets/notification-target';

export interface ChatAttempt {
  target: ChatTarget | PagerDutyTarget;
  body: unknown;
}

/** Records every chat post and PagerDuty enqueue; answers Errors from a script, then success. */
export class ScriptedChatSender implements ChatSender {
  readonly attempts: ChatAttempt[] = [];
  readonly accepted: ChatAttempt[] = [];
  private readonly script = new Map<string, Error[]>();

  /** The next sends to targets of this kind reject with these, in order. */
  failNext(kind: (ChatTarget | PagerDutyTarget)['kind'], ...errors: Error[]): this {
    this.script.set(kind, [...(this.script.get(kind) ?? []), ...errors]);
    return this;
  }

  async post(target: ChatTarget, body: unknown): Promise<SentMessage> {
    return this.answer({ target, body });
  }

  async enqueue(target: PagerDutyTarget, events: readonly { routing_key: string }[]): Promise<SentMessage> {
    return this.answer({ target, body: events });
  }

  private answer(attempt: ChatAttempt): SentMessage {
    this.attempts.push(attempt);
    const error = this.script.get(attempt.target.kind)?.shift();
    if (error) throw error;
    this.accepted.push(attempt);
    return { messageId: `${attempt.target.kind}-${this.accepted.length}` };
  }
}
