import { PubSub, type Topic } from '@google-cloud/pubsub';
import type { MessagePublisher } from '../../kernel/ports/message-publisher';

export interface PubSubPublisherOptions {
  projectId: string;
  /** Per publish attempt; the client's own default retries for up to 600 s, far too long for a webhook. */
  timeoutMs: number;
}

/**
 * gRPC waits up to 120 s between reconnects by default; after a blip we want Pub/Sub back in seconds.
 * google-gax hands `grpc.*` client options to the channel (the client's types do not list them).
 */
const RECONNECT_BACKOFF: Record<string, number> = {
  'grpc.initial_reconnect_backoff_ms': 200,
  'grpc.max_reconnect_backoff_ms': 5000,
};

/**
 * Publishes through the real client (PUBSUB_EMULATOR_HOST points it at a local server). Client-side
 * retries are off: the caller owns a short, bounded retry and then falls back to the backlog.
 */
export function pubSubPublisher(
  options: PubSubPublisherOptions,
): MessagePublisher & { close(): Promise<void> } {
  const pubsub = new PubSub({ projectId: options.projectId, ...RECONNECT_BACKOFF });
  const topics = new Map<string, Topic>();
  const topicFor = (name: string): Topic => {
    let topic = topics.get(name);
    if (!topic) {
      topic = pubsub.topic(name, {
        gaxOpts: { timeout: options.timeoutMs, retry: null },
        // A few ms of batching lets a burst share RPCs without adding noticeable latency.
        batching: { maxMessages: 100, maxMilliseconds: 5 },
      });
      topics.set(name, topic);
    }
    return topic;
  };
  return {
    publish: (topic, data, attributes) => topicFor(topic).publishMessage({ data, attributes }),
    close: () => pubsub.close(),
  };
}
