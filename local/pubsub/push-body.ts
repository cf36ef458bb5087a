import type { PublishedMessage } from './published-message';

/** The wrapped push request body Pub/Sub POSTs to a push endpoint. */
export interface PushBody {
  message: {
    data?: string;
    attributes?: Record<string, string>;
    messageId: string;
    message_id: string;
    publishTime: string;
    publish_time: string;
  };
  subscription: string;
  deliveryAttempt?: number;
}

/**
 * Empty data and empty attributes are left out, as the proto3 JSON mapping that Pub/Sub uses leaves out
 * default values. Ids and times appear in both spellings, as the real service sends them.
 * `deliveryAttempt` is passed only for subscriptions with a dead-letter topic: only those count attempts.
 */
export function buildPushBody(
  message: PublishedMessage,
  subscriptionPath: string,
  deliveryAttempt: number | undefined,
): PushBody {
  const body: PushBody = {
    message: {
      ...(message.data.length > 0 && { data: message.data.toString('base64') }),
      ...(Object.keys(message.attributes).length > 0 && { attributes: { ...message.attributes } }),
      messageId: message.messageId,
      message_id: message.messageId,
      publishTime: message.publishTime,
      publish_time: message.publishTime,
    },
    subscription: subscriptionPath,
  };
  if (deliveryAttempt !== undefined) body.deliveryAttempt = deliveryAttempt;
  return body;
}
