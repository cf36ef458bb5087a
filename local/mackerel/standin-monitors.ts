import { randomInt } from 'node:crypto';

/** Mackerel's ids look like `2MonId0001`: 11 characters of base58 (no 0, O, I or l to misread). */
const ID_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const ID_LENGTH = 11;

/**
 * One org's objects of one kind (monitors, downtimes) that the API creates, replaces and deletes, keyed by
 * the id the server assigns; listed in the order they were made, as Mackerel does.
 */
export class IdStore<T extends { id: string }> {
  private readonly items = new Map<string, T>();

  constructor(seed: readonly T[]) {
    for (const item of seed) this.items.set(item.id, item);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  has(id: string): boolean {
    return this.items.has(id);
  }

  /** An id no object here has. */
  newId(): string {
    for (;;) {
      const id = Array.from({ length: ID_LENGTH }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('');
      if (!this.items.has(id)) return id;
    }
  }

  /** Adds the object, or replaces the one with its id (in place, keeping the list order). */
  put(item: T): T {
    this.items.set(item.id, item);
    return item;
  }

  /** The object as it was, or undefined when there was none. */
  delete(id: string): T | undefined {
    const item = this.items.get(id);
    this.items.delete(id);
    return item;
  }
}
