import type { MessageAttributes, MessagePublisher } from '../../../shared/kernel/ports/message-publisher';

export interface PublishedMessage {
  topic: string;
  data: Buffer;
  attributes: MessageAttributes;
}

export class InMemoryPublisher implements MessagePublisher {
  /** Messages the "broker" acknowledged, in order. */
  readonly published: PublishedMessage[] = [];
  /** Every publish call, acknowledged or not. */
  readonly calls: PublishedMessage[] = [];
  /** How many upcoming calls fail before one succeeds (Infinity: Pub/Sub stays down). */
  failNext = 0;
  /** Fails a call when it returns true, whatever failNext says. */
  failIf: ((message: PublishedMessage) => boolean) | undefined;
  failure = new Error('14 UNAVAILABLE: pubsub is down');

  async publish(topic: string, data: Buffer, attributes: MessageAttributes): Promise<string> {
    const message = { topic, data: Buffer.from(data), attributes: { ...attributes } };
    this.calls.push(message);
    if (this.failNext > 0) {
      this.failNext--;
      throw this.failure;
    }
    if (this.failIf?.(message)) throw this.failure;
    this.published.push(message);
    return `message-${this.published.length}`;
  }
}
