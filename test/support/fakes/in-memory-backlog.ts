import type { BacklogEntry, EventBacklog } from '../../../shared/intake/event-backlog';
import { type Failure, never } from './failure';

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
