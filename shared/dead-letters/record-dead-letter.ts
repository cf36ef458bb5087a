import { z } from 'zod';
import type { Logger } from '../kernel/log/logger';
import { TOPICS, topicOfSubscription } from '../kernel/topology';
import { mackerelEventMessageSchema } from '../mackerel/webhook/mackerel-event-message';
import { notificationMessageSchema } from '../notify/message/notification-message';
import type { PushEnvelope } from '../platform/pubsub/push-envelope';
import type { DeadLetterRecord, DeadLetterStore } from './dead-letter-store';

/**
 * Anything JSON: a message that no consumer could parse is exactly what may land here, and it must be
 * recorded all the same.
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
const DEAD_LETTER_SUFFIX = '-dead-letter';

export interface RecordDeadLetterDeps {
  store: DeadLetterStore;
  logger: Logger;
  now?: () => Date;
}

const positiveInt = z.coerce.number().int().positive();

/**
 * The topic a dead letter was first published to: the source subscription is `<topic>--<function>`; the
 * recorder's own subscription (`<topic>-dead-letter--dead-letter-recorder`) tells it too.
 */
export function sourceTopicOf(envelope: PushEnvelope): string | undefined {
  const source = envelope.message.attributes?.CloudPubSubDeadLetterSourceSubscription;
  if (source) return topicOfSubscription(source);
  const own = envelope.subscription?.split('/').pop();
  const read = own === undefined ? undefined : topicOfSubscription(own);
  return read?.endsWith(DEAD_LETTER_SUFFIX) ? read.slice(0, -DEAD_LETTER_SUFFIX.length) : undefined;
}

type Facts = Pick<
  DeadLetterRecord,
  'notificationId' | 'org' | 'kind' | 'routeId' | 'correlationId' | 'issues'
> & {
  recipients: string[];
};

/** Whose the message was: a notification's or an event's facts, else what its attributes say. */
function factsOf(topic: string | undefined, data: unknown, attributes: Record<string, string>): Facts {
  if (topic === TOPICS.notifications) {
    const parsed = notificationMessageSchema.safeParse(data);
    const facts = parsed.success ? parsed.data : looseFacts.safeParse(data).data;
    return {
      notificationId: facts?.id,
      org: facts?.org,
      kind: facts?.kind,
      routeId: facts?.routeId,
      correlationId: facts?.correlationId,
      issues: parsed.success
        ? undefined
        : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      recipients: parsed.success ? [...parsed.data.recipients.to, ...parsed.data.recipients.cc] : [],
    };
  }
  const event = topic === TOPICS.mackerelEvents ? mackerelEventMessageSchema.safeParse(data) : undefined;
  return {
    org: event?.data?.org ?? attributes.org,
    kind: attributes.event,
    correlationId: event?.data?.correlationId ?? attributes.correlationId,
    ...(event && !event.success
      ? { issues: event.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }
      : {}),
    recipients: [],
  };
}

/**
 * Records a message that a worker's subscription gave up on and logs it at ERROR (infra alerts on ERROR
 * logs). Logs say whose it was and, for a notification, how many recipients on which domains, never the
 * addresses: those stay in the Firestore record, with the data needed to replay it.
 */
export async function recordDeadLetter(
  deps: RecordDeadLetterDeps,
  data: unknown,
  envelope: PushEnvelope,
): Promise<void> {
  const attributes = envelope.message.attributes ?? {};
  const rawData = Buffer.from(envelope.message.data ?? '', 'base64').toString('utf8');
  const sourceTopic = sourceTopicOf(envelope);
  const { recipients, ...facts } = factsOf(sourceTopic, data, attributes);
  const attempts = positiveInt.safeParse(attributes.CloudPubSubDeadLetterSourceDeliveryCount);
  const truncated = rawData.length > MAX_DATA_CHARS;

  const entry: DeadLetterRecord = {
    id: envelope.message.messageId,
    sourceTopic,
    sourceSubscription: attributes.CloudPubSubDeadLetterSourceSubscription,
    deliveryAttempts: attempts.success ? attempts.data : undefined,
    publishedAt: attributes.CloudPubSubDeadLetterSourceTopicPublishTime,
    ...facts,
    data: truncated ? rawData.slice(0, MAX_DATA_CHARS) : rawData,
    ...(truncated && { dataTruncated: true }),
    attributes,
    recordedAt: (deps.now ?? (() => new Date()))(),
  };
  const firstTime = await deps.store.record(entry);
  const what = sourceTopic === TOPICS.notifications ? 'notification' : 'message';
  deps.logger.error(`${what} dead-lettered`, {
    sourceTopic,
    notificationId: entry.notificationId,
    org: entry.org,
    kind: entry.kind,
    routeId: entry.routeId,
    correlationId: entry.correlationId,
    sourceSubscription: entry.sourceSubscription,
    deliveryAttempts: entry.deliveryAttempts,
    ...(what === 'notification'
      ? {
          recipients: recipients.length,
          recipientDomains: [
            ...new Set(recipients.map((a) => a.slice(a.lastIndexOf('@') + 1).toLowerCase())),
          ],
        }
      : {}),
    valid: entry.issues === undefined,
    alreadyRecorded: !firstTime,
    deadLetterId: entry.id,
  });
}
