import type { DocumentReference, DocumentSnapshot, Firestore } from '@google-cloud/firestore';

/** Reads a document; reads asked for in the same turn of the event loop share one Firestore call. */
export interface DocumentReads {
  get(ref: DocumentReference): Promise<DocumentSnapshot>;
}

/** Documents per BatchGetDocuments call; a turn asking for more makes several calls. */
const MAX_BATCH = 100;

interface Pending {
  ref: DocumentReference;
  waiters: Array<{ resolve: (snapshot: DocumentSnapshot) => void; reject: (error: unknown) => void }>;
}

const readers = new WeakMap<Firestore, DocumentReads>();

/**
 * One reader per client. Each Firestore call costs the process about as much CPU as the router's own
 * work on an event (see the push-cost benchmark), and an event's reads are independent: the marker, the
 * alert state, the host, the routing version; then the group windows and recipient counts of its
 * notifications. Collected until the event loop's check phase (setImmediate), they go as one getAll,
 * concurrent events' reads included; two reads of one path in a turn are one read.
 */
export function batchedReads(db: Firestore): DocumentReads {
  const existing = readers.get(db);
  if (existing !== undefined) return existing;
  let pending: Map<string, Pending> | undefined;

  const flush = async (batch: readonly Pending[]) => {
    try {
      const snapshots = await db.getAll(...batch.map((entry) => entry.ref));
      batch.forEach((entry, i) => {
        const snapshot = snapshots[i];
        for (const waiter of entry.waiters) {
          if (snapshot === undefined) waiter.reject(new Error(`no snapshot for ${entry.ref.path}`));
          else waiter.resolve(snapshot);
        }
      });
    } catch (error) {
      for (const entry of batch) for (const waiter of entry.waiters) waiter.reject(error);
    }
  };

  const reader: DocumentReads = {
    get(ref) {
      return new Promise((resolve, reject) => {
        if (pending === undefined) {
          const turn = new Map<string, Pending>();
          pending = turn;
          setImmediate(() => {
            pending = undefined;
            const entries = [...turn.values()];
            for (let i = 0; i < entries.length; i += MAX_BATCH) void flush(entries.slice(i, i + MAX_BATCH));
          });
        }
        const entry = pending.get(ref.path) ?? { ref, waiters: [] };
        entry.waiters.push({ resolve, reject });
        pending.set(ref.path, entry);
      });
    },
  };
  readers.set(db, reader);
  return reader;
}
