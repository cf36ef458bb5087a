import type { BacklogEntry, EventBacklog } from '../../shared/intake/event-backlog';
import { createLogger, type LogFields, type Logger } from '../../shared/kernel/log/logger';
import type { MessageAttributes, MessagePublisher } from '../../shared/kernel/ports/message-publisher';
import { hashWebhookToken } from '../../shared/orgs/webhook-token';
import type { WebhookTokenDirectory, WebhookTokenRecord } from '../../shared/orgs/webhook-token-directory';

/**
 * In-memory versions of the project's own ports (shared/ports), for unit tests of the use-cases.
 * Each one can be told to fail, or to never answer ('hang'), the way a struggling backend does.
 */
export type Failure = Error | 'hang' | undefined;

const never = <T>(): Promise<T> => new Promise<T>(() => {});

export class InMemoryTokenDirectory implements WebhookTokenDirectory {
  /** Every hash asked for, in order. */
  readonly lookups: string[] = [];
  failure: Failure;
  private readonly records = new Map<string, WebhookTokenRecord>();

  /** Stores the token's hash only, as the real directory does. */
  register(token: string, org: string): this {
    this.records.set(hashWebhookToken(token), { org });
    return this;
  }

  async findByHash(tokenHash: string): Promise<WebhookTokenRecord | undefined> {
    this.lookups.push(tokenHash);
    if (this.failure === 'hang') return never();
    if (this.failure) throw this.failure;
    const record = this.records.get(tokenHash);
    return record ? { ...record } : undefined;
  }
}

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

export class InMemoryBacklog implements EventBacklog {
  addFailure: Failure;
  /** Fails remove() after the publish succeeded: a crash between the two steps. */
  removeFailure: Error | undefined;
  private readonly stored: BacklogEntry[] = [];

  /** A copy of what is stored, oldest first (by receivedAt, then by arrival). */
  entries(): BacklogEntry[] {
    return this.sorted().map((entry) => structuredClone(entry));
  }

  async add(entry: BacklogEntry): Promise<void> {
    if (this.addFailure === 'hang') return never();
    if (this.addFailure) throw this.addFailure;
    if (this.stored.some((e) => e.id === entry.id)) throw new Error(`6 ALREADY_EXISTS: ${entry.id}`);
    this.stored.push(structuredClone(entry));
  }

  async oldest(limit: number): Promise<BacklogEntry[]> {
    return this.entries().slice(0, limit);
  }

  async remove(id: string): Promise<void> {
    if (this.removeFailure) throw this.removeFailure;
    const index = this.stored.findIndex((e) => e.id === id);
    if (index >= 0) this.stored.splice(index, 1);
  }

  async count(): Promise<number> {
    return this.stored.length;
  }

  private sorted(): BacklogEntry[] {
    return [...this.stored].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }
}

export interface CapturedLogs {
  logger: Logger;
  /** Raw lines as the sink received them (after redaction). */
  lines: string[];
  /** The lines parsed as JSON. */
  entries(): Array<Record<string, unknown>>;
}

/** A real logger whose lines go to an array instead of stdout. */
export function captureLogs(base: LogFields = {}): CapturedLogs {
  const lines: string[] = [];
  return {
    logger: createLogger(base, (line) => lines.push(line)),
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
