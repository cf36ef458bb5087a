import type { MessageInput, PublishedMessage } from './published-message';

/**
 * Topics (by full name) and everything published to them. It only stores and numbers messages;
 * delivery is the listener's job, so dead letters can re-enter through the same publish.
 */
export class TopicRegistry {
  private readonly messages = new Map<string, PublishedMessage[]>();
  private readonly existing = new Set<string>();
  /** Never reused across restarts, as real Pub/Sub ids are not: subscribers dedupe on them. */
  private lastMessageId = BigInt(Date.now()) * 1000n;

  constructor(private readonly onPublished: (topicPath: string, message: PublishedMessage) => void) {}

  has(topicPath: string): boolean {
    return this.existing.has(topicPath);
  }

  /** False when the topic already exists. */
  create(topicPath: string): boolean {
    if (this.existing.has(topicPath)) return false;
    this.existing.add(topicPath);
    return true;
  }

  /** False when there was no such topic. Its history stays readable through publishedTo. */
  delete(topicPath: string): boolean {
    return this.existing.delete(topicPath);
  }

  list(projectPath: string): string[] {
    return [...this.existing].filter((name) => name.startsWith(`${projectPath}/topics/`)).sort();
  }

  publish(topicPath: string, inputs: readonly MessageInput[]): PublishedMessage[] {
    if (!this.existing.has(topicPath)) throw new Error(`no topic ${topicPath}`);
    const publishTime = new Date().toISOString();
    const published = inputs.map((input) => ({
      // Numeric strings that only grow, like real message ids.
      messageId: String(++this.lastMessageId),
      data: Buffer.from(input.data),
      attributes: { ...input.attributes },
      publishTime,
    }));
    const history = this.messages.get(topicPath) ?? [];
    history.push(...published);
    this.messages.set(topicPath, history);
    for (const message of published) this.onPublished(topicPath, message);
    return published;
  }

  publishedTo(topicPath: string): PublishedMessage[] {
    return [...(this.messages.get(topicPath) ?? [])];
  }
}
