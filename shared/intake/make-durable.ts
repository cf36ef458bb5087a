import { randomUUID } from 'node:crypto';
import type { Logger } from '../kernel/log/logger';
import type { MessagePublisher } from '../kernel/ports/message-publisher';
import { type RetryPolicy, withRetry } from '../kernel/retry/with-retry';
import { withTimeout } from '../kernel/retry/with-timeout';
import { TOPICS } from '../kernel/topology';
import type { MackerelEventAttributes } from '../mackerel/webhook/mackerel-event-message';
import type { EventBacklog } from './event-backlog';
import { type IntakeResult, rejection } from './intake-result';

export interface DurabilityDeps {
  publisher: MessagePublisher;
  backlog: EventBacklog;
  publishRetry: Pick<RetryPolicy, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;
  firestoreTimeoutMs: number;
}

export interface OutgoingEvent {
  data: Buffer;
  attributes: MackerelEventAttributes;
  receivedAt: string;
  /** Fields every log line about this event carries. */
  context: Record<string, string | undefined>;
}

/**
 * Publishes to mackerel-events (204); after the bounded retry, parks the event in the Firestore backlog
 * (202); when neither works, 503 so Mackerel's delivery fails visibly instead of the event vanishing.
 * The first attempt is a bare publish with one continuation: under the functions framework every
 * promise pays for domain and async-context tracking, and this is the path every webhook takes.
 */
export function makeDurable(deps: DurabilityDeps, event: OutgoingEvent, log: Logger): Promise<IntakeResult> {
  const publish = () => deps.publisher.publish(TOPICS.mackerelEvents, event.data, event.attributes);
  const published = (messageId: string): IntakeResult => {
    log.info('webhook accepted', { ...event.context, outcome: 'published', messageId });
    return { status: 204, outcome: 'published' };
  };
  return publish().then(published, async (firstError: unknown) => {
    try {
      if (deps.publishRetry.attempts <= 1) throw firstError;
      return published(
        await withRetry(publish, { ...deps.publishRetry, attempts: deps.publishRetry.attempts - 1 }),
      );
    } catch (publishError) {
      log.warn('publish failed, writing to backlog', { ...event.context, error: publishError });
    }
    return backlog(deps, event, log);
  });
}

async function backlog(deps: DurabilityDeps, event: OutgoingEvent, log: Logger): Promise<IntakeResult> {
  try {
    const entry = {
      id: randomUUID(),
      topic: TOPICS.mackerelEvents,
      data: event.data.toString('utf8'),
      attributes: event.attributes,
      receivedAt: event.receivedAt,
    };
    await withTimeout(deps.backlog.add(entry), deps.firestoreTimeoutMs, 'backlog write');
    log.warn('webhook accepted into backlog', { ...event.context, outcome: 'backlogged' });
    return {
      status: 202,
      outcome: 'backlogged',
      body: { status: 'queued', message: 'accepted; delivery delayed' },
    };
  } catch (backlogError) {
    log.error('webhook lost to caller: publish and backlog both failed', {
      ...event.context,
      error: backlogError,
    });
    return rejection(503, 'unavailable', 'cannot store the event right now, retry later');
  }
}
