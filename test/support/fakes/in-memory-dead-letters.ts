import type { DeadLetterRecord, DeadLetterStore } from '../../../shared/notify/delivery/dead-letter-store';

export class InMemoryDeadLetters implements DeadLetterStore {
  readonly records = new Map<string, DeadLetterRecord>();

  async record(entry: DeadLetterRecord): Promise<boolean> {
    if (this.records.has(entry.id)) return false;
    this.records.set(entry.id, structuredClone(entry));
    return true;
  }
}
