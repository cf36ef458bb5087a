/** A stored document and the version it was read (or written) at: opaque, compared by the store only. */
export interface Versioned<T> {
  value: T;
  version: string;
}
