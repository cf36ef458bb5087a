import type { z } from 'zod';
import type { Logger } from '../../kernel/log/logger';
import { decodePush, type PushEnvelope } from './push-envelope';

/** 'ack' answers 2xx (done, or a permanent failure already recorded); 'retry' answers 5xx for redelivery. */
export type PushOutcome = 'ack' | 'retry';

export interface PushContext {
  envelope: PushEnvelope;
  attributes: Record<string, string>;
  /** The producer's correlationId attribute, else the message id: what this work's outputs carry on. */
  correlationId: string;
  /**
   * When Pub/Sub accepted the message (publishTime): a scheduled run's time, the same on every redelivery.
   * The time of this delivery when publishTime is missing or not a time.
   */
  publishedAt: Date;
  logger: Logger;
}

function publishedAtOf(envelope: PushEnvelope): Date {
  const ms = Date.parse(envelope.message.publishTime);
  return new Date(Number.isFinite(ms) ? ms : Date.now());
}

export interface PushReply {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The shared shape of every push-triggered function: decode and validate, run the use-case, map the
 * outcome to the status Pub/Sub understands. Malformed pushes get a JSON 400, which Pub/Sub retries a
 * few times and then dead-letters, where someone is told.
 */
export async function handlePush<S extends z.ZodType>(
  body: unknown,
  dataSchema: S,
  logger: Logger,
  run: (data: z.infer<S>, context: PushContext) => Promise<PushOutcome>,
): Promise<PushReply> {
  const decoded = decodePush(body, dataSchema);
  if (!decoded.ok) {
    logger.error('malformed push message', { issues: decoded.issues });
    return {
      status: 400,
      body: { error: { code: 'invalid_push', message: 'malformed push message', issues: decoded.issues } },
    };
  }
  const attributes = decoded.envelope.message.attributes ?? {};
  const correlationId = attributes.correlationId ?? decoded.envelope.message.messageId;
  const log = logger.child({
    correlationId,
    org: attributes.org,
    event: attributes.event,
    messageId: decoded.envelope.message.messageId,
    deliveryAttempt: decoded.envelope.deliveryAttempt,
  });
  try {
    const outcome = await run(decoded.data, {
      envelope: decoded.envelope,
      attributes,
      correlationId,
      publishedAt: publishedAtOf(decoded.envelope),
      logger: log,
    });
    return outcome === 'ack'
      ? { status: 200, body: { status: 'done' } }
      : { status: 503, body: { status: 'retry' } };
  } catch (error) {
    log.error('push handler failed, asking for redelivery', { error });
    return { status: 500, body: { status: 'retry' } };
  }
}
