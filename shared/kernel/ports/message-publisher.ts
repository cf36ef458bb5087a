export type MessageAttributes = Record<string, string>;

/** Resolves with the message id once Pub/Sub has acknowledged the publish (the message is durable). */
export interface MessagePublisher {
  publish(topic: string, data: Buffer, attributes: MessageAttributes): Promise<string>;
}
