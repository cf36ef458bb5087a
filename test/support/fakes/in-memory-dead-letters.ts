import {
  type DeadLetterRecord,
  type DeadLetterStore,
  pendingByTopic,
} from '../../../shared/dead-letters/dead-letter-store';

export class InMemoryDeadLetters implements DeadLetterStore {
  readonly records = new Map<string, DeadLetterRecord>();

  async record(entry: DeadLetterRecord): Promise<boolean> {
    if (this.records.has(entry.id)) return false;
    this.records.set(entry.id, structuredClone(entry));
    return true;
  }
  async list(query: { topic?: string; pendingOnly?: boolean }): Promise<DeadLetterRecord[]> {
    return [...this.records.values()]
      .filter((r) => query.topic === undefined || r.sourceTopic === query.topic)
      .filter((r) => !query.pendingOnly || (r.replays ?? 0) === 0)
      .sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  }
  async get(id: string): Promise<DeadLetterRecord | undefined> {
    return this.records.get(id);
  }
  async markReplayed(id: string, at: Date): Promise<void> {
    const r = this.records.get(id);
    if (r) this.records.set(id, { ...r, replays: (r.replays ?? 0) + 1, lastReplayedAt: at });
  }
  async pendingByTopic(): Promise<Record<string, number>> {
    return pendingByTopic([...this.records.values()]);
  }
}
