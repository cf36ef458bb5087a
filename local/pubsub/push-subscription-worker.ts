import type { Logger } from '../../shared/kernel/log/logger';
import { deadLetterAttributes } from './dead-letter-attributes';
import { postPush } from './post-push';
import type { PublishedMessage } from './published-message';
import { buildPushBody } from './push-body';
import { subscriptionPath } from './resource-names';
import { retryDelayMs } from './retry-backoff';
import type { LocalPushSubscription } from './server-options';

export type DeliveryOutcome = 'acked' | 'nacked' | 'timeout' | 'error';

export interface DeliveryAttempt {
  /** Short subscription name. */
  subscription: string;
  messageId: string;
  /** 1 for the first push of a message on this subscription. */
  attempt: number;
  outcome: DeliveryOutcome;
  /** HTTP status, when the endpoint answered. */
  status?: number;
}

export interface PushWorkerContext {
  projectId: string;
  timeScale: number;
  maxInFlight: number;
  logger: Logger;
  record(attempt: DeliveryAttempt): void;
  /** Publishes to a topic by short name, through the same path as a client's publish. */
  publish(topic: string, data: Buffer, attributes: Record<string, string>): void;
  /** Called whenever the worker may have become idle. */
  onSettled(): void;
}

interface PendingPush {
  message: PublishedMessage;
  attempt: number;
}

/**
 * Push delivery for one subscription: a queue drained by at most `maxInFlight` concurrent pushes, with
 * failed pushes re-queued after a backoff and, past the attempt limit, forwarded to the dead-letter topic.
 */
export class PushSubscriptionWorker {
  private readonly ready: PendingPush[] = [];
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private readonly url: URL;
  private readonly path: string;
  private stopped = false;

  constructor(
    private readonly subscription: LocalPushSubscription,
    private readonly context: PushWorkerContext,
  ) {
    this.url = new URL(subscription.pushEndpoint);
    this.path = subscriptionPath(context.projectId, subscription.name);
  }

  get topic(): string {
    return this.subscription.topic;
  }

  get idle(): boolean {
    return this.ready.length === 0 && this.retryTimers.size === 0 && this.inFlight.size === 0;
  }

  enqueue(message: PublishedMessage): void {
    if (this.stopped) return;
    this.ready.push({ message, attempt: 1 });
    this.pump();
  }

  /** Drops queued and scheduled pushes and aborts those in flight. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
    this.ready.length = 0;
  }

  private pump(): void {
    while (!this.stopped && this.inFlight.size < this.context.maxInFlight) {
      const next = this.ready.shift();
      if (next === undefined) return;
      void this.push(next);
    }
  }

  private async push({ message, attempt }: PendingPush): Promise<void> {
    const { subscription, context } = this;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const countsAttempts = subscription.deadLetterTopic !== undefined;
    const body = JSON.stringify(buildPushBody(message, this.path, countsAttempts ? attempt : undefined));
    const timeoutMs = subscription.ackDeadlineSeconds * 1000 * context.timeScale;
    const result = await postPush(this.url, body, timeoutMs, controller.signal);
    if (this.stopped) return;
    this.inFlight.delete(controller);

    const status = 'status' in result ? result.status : undefined;
    context.record({
      subscription: subscription.name,
      messageId: message.messageId,
      attempt,
      outcome: result.outcome,
      status,
    });
    const fields = { subscription: subscription.name, messageId: message.messageId, attempt };
    if (result.outcome === 'acked') {
      context.logger.debug('push acked', { ...fields, status });
    } else if (countsAttempts && attempt >= subscription.maxDeliveryAttempts) {
      this.deadLetter(message, attempt, fields);
    } else {
      const delayMs = retryDelayMs(attempt, subscription, context.timeScale);
      const error = 'error' in result ? result.error : undefined;
      context.logger.info('push nacked, will redeliver', {
        ...fields,
        outcome: result.outcome,
        status,
        error,
        delayMs,
      });
      this.scheduleRetry({ message, attempt: attempt + 1 }, delayMs);
    }
    this.pump();
    context.onSettled();
  }

  private scheduleRetry(pending: PendingPush, delayMs: number): void {
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.ready.push(pending);
      this.pump();
    }, delayMs);
    this.retryTimers.add(timer);
  }

  private deadLetter(message: PublishedMessage, attempts: number, fields: Record<string, unknown>): void {
    const { subscription, context } = this;
    const topic = subscription.deadLetterTopic;
    if (topic === undefined) return;
    const attributes = deadLetterAttributes(message, context.projectId, subscription.name, attempts);
    try {
      context.publish(topic, message.data, attributes);
      context.logger.warn('push failed too often, forwarded to dead-letter topic', {
        ...fields,
        deadLetterTopic: topic,
      });
    } catch (error) {
      // A dead-letter topic deleted at runtime cannot take the message; say so loudly rather than retry forever.
      context.logger.error('dead-letter topic unavailable, message dropped', {
        ...fields,
        deadLetterTopic: topic,
        error,
      });
    }
  }
}
