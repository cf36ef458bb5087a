import type { PublishedMessage } from './published-message';

/**
 * Attributes Pub/Sub adds when it forwards a message to a dead-letter topic, on top of the original ones.
 * The subscription is the short name; the publish time uses a +00:00 offset, as seen on real forwards.
 */
export function deadLetterAttributes(
  message: PublishedMessage,
  projectId: string,
  subscription: string,
  deliveryCount: number,
): Record<string, string> {
  return {
    ...message.attributes,
    CloudPubSubDeadLetterSourceDeliveryCount: String(deliveryCount),
    CloudPubSubDeadLetterSourceSubscription: subscription,
    CloudPubSubDeadLetterSourceSubscriptionProject: projectId,
    CloudPubSubDeadLetterSourceTopicPublishTime: message.publishTime.replace(/Z$/, '+00:00'),
  };
}
