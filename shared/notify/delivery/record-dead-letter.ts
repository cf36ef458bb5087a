import { z } from 'zod';
import type { Logger } from '../../kernel/log/logger';
import type { PushEnvelope } from '../../platform/pubsub/push-envelope';
import { notificationMessageSchema } from '../message/notification-message';
import type { DeadLetterRecord, DeadLetterStore } from './dead-letter-store';

/**
 * Anything JSON: a notification that no mailer could parse is exactly what may land here, and it must
 * be recorded all the same.
 */
export const deadLetterDataSchema = z.unknown();

/** Enough of a notification to say whose it was, even when the rest does not validate. */
const looseFacts = z.looseObject({
  id: z.string().optional().catch(undefined),
  org: z.string().optional().catch(undefined),
  kind: z.string().optional().catch(undefined),
  routeId: z.string().optional().catch(undefined),
  correlationId: z.string().optional().catch(undefined),
});

/** Firestore documents stop at 1 MiB; a digest that large is kept in the dead-letter hold subscription. */
const MAX_DATA_CHARS = 512 * 1024;

export interface RecordDeadLetterDeps {
  store: DeadLetterStore;
  logger: Logger;
  now?: () => Date;
}

const positiveInt = z.coerce.number().int().positive();

/**
 * Records a notification that the mailer's subscription gave up on and logs it at ERROR (infra alerts
 * on ERROR logs). Logs say whose it was and how many recipients on which domains, never the addresses:
 * those stay in the Firestore record, with the data needed to replay it.
 */
export async function recordDeadLetter(
  deps: RecordDeadLetterDeps,
  data: unknown,
  envelope: PushEnvelope,
): Promise<void> {
  const attributes = envelope.message.attributes ?? {};
  const rawData = Buffer.from(envelope.message.data ?? '', 'base64').toString('utf8');
  const parsed = notificationMessageSchema.safeParse(data);
  const facts = parsed.success ? parsed.data : looseFacts.safeParse(data).data;
  const recipients = parsed.success ? [...parsed.data.recipients.to, ...parsed.data.recipients.cc] : [];
  const attempts = positiveInt.safeParse(attributes.CloudPubSubDeadLetterSourceDeliveryCount);
  const truncated = rawData.length > MAX_DATA_CHARS;

  const entry: DeadLetterRecord = {
    id: envelope.message.messageId,
    sourceSubscription: attributes.CloudPubSubDeadLetterSourceSubscription,
    deliveryAttempts: attempts.success ? attempts.data : undefined,
    publishedAt: attributes.CloudPubSubDeadLetterSourceTopicPublishTime,
    notificationId: facts?.id,
    org: facts?.org,
    kind: facts?.kind,
    routeId: facts?.routeId,
    correlationId: facts?.correlationId,
    issues: parsed.success ? undefined : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    data: truncated ? rawData.slice(0, MAX_DATA_CHARS) : rawData,
    ...(truncated && { dataTruncated: true }),
    attributes,
    recordedAt: (deps.now ?? (() => new Date()))(),
  };
  const firstTime = await deps.store.record(entry);
  deps.logger.error('notification dead-lettered', {
    notificationId: entry.notificationId,
    org: entry.org,
    kind: entry.kind,
    routeId: entry.routeId,
    correlationId: entry.correlationId,
    sourceSubscription: entry.sourceSubscription,
    deliveryAttempts: entry.deliveryAttempts,
    recipients: recipients.length,
    recipientDomains: [...new Set(recipients.map((a) => a.slice(a.lastIndexOf('@') + 1).toLowerCase()))],
    valid: parsed.success,
    alreadyRecorded: !firstTime,
    deadLetterId: entry.id,
  });
}
