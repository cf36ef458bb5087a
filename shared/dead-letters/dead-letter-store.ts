/** A message that a push subscription gave up on, as recorded for an operator to inspect or replay. */
export interface DeadLetterRecord {
  /** The dead-letter message's Pub/Sub id: redeliveries of it write the same record. */
  id: string;
  /** The topic the message was first published to, where a replay publishes it again. */
  sourceTopic?: string;
  /** Where it came from, from the attributes Pub/Sub adds when it forwards a dead letter. */
  sourceSubscription?: string;
  deliveryAttempts?: number;
  /** When the original message was first published. */
  publishedAt?: string;
  /** The notification's facts, when its data still parses as one. */
  notificationId?: string;
  org?: string;
  kind?: string;
  routeId?: string;
  correlationId?: string;
  /** Why the data is not a valid notification (then the facts above are missing). */
  issues?: string[];
  /** The message data, verbatim (JSON), for a replay once the cause is fixed. */
  data: string;
  /** Set when the data was cut to fit a document; the full message stays in the hold subscription. */
  dataTruncated?: true;
  attributes: Record<string, string>;
  recordedAt: Date;
  /** Replays so far (0 until an operator replays it) and the last one's time. */
  replays?: number;
  lastReplayedAt?: Date;
}

/** Records never replayed, per source topic: what self-watch and the daily summary count. */
export function pendingByTopic(records: readonly DeadLetterRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) {
    if ((r.replays ?? 0) > 0) continue;
    const topic = r.sourceTopic ?? 'unknown';
    counts[topic] = (counts[topic] ?? 0) + 1;
  }
  return counts;
}

export interface DeadLetterQuery {
  /** Only those from this source topic. */
  topic?: string;
  /** Only those never replayed. */
  pendingOnly?: boolean;
}

export interface DeadLetterStore {
  /** Idempotent: recording the same id again keeps the first record and resolves false. */
  record(entry: DeadLetterRecord): Promise<boolean>;
  /** Oldest first. */
  list(query: DeadLetterQuery): Promise<DeadLetterRecord[]>;
  get(id: string): Promise<DeadLetterRecord | undefined>;
  /** Counts one more replay at `at`. */
  markReplayed(id: string, at: Date): Promise<void>;
  /** Per source topic: records never replayed (what self-watch and the daily summary count). */
  pendingByTopic(): Promise<Record<string, number>>;
}
