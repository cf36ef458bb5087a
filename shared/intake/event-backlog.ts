import type { MessageAttributes } from '../kernel/ports/message-publisher';

/** An event accepted while Pub/Sub was unreachable, kept until the drain republishes it. */
export interface BacklogEntry {
  id: string;
  topic: string;
  data: string;
  attributes: MessageAttributes;
  receivedAt: string;
}

export interface EventBacklog {
  add(entry: BacklogEntry): Promise<void>;
  oldest(limit: number): Promise<BacklogEntry[]>;
  remove(id: string): Promise<void>;
  count(): Promise<number>;
}
