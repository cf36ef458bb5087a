import { type DocumentReference, Timestamp, type WriteBatch } from '@google-cloud/firestore';
import { FIRESTORE_CODES, firestoreErrorCode } from './firestore-errors';

/** A version is the document's update time, which a lastUpdateTime precondition compares against. */
export const encodeVersion = (t: Timestamp): string =>
  `${t.seconds}.${String(t.nanoseconds).padStart(9, '0')}`;

export function decodeVersion(version: string): Timestamp {
  const match = /^(\d+)\.(\d{9})$/.exec(version);
  if (!match?.[1] || !match[2]) throw new Error(`not a document version: ${version}`);
  return new Timestamp(Number(match[1]), Number(match[2]));
}

/**
 * Plain JSON data as Firestore takes it: keys whose value is undefined are dropped (the client rejects
 * them unless ignoreUndefinedProperties is on, and a test's client may not have it).
 */
export const jsonData = (value: object): Record<string, unknown> => JSON.parse(JSON.stringify(value));

/** The codes that mean "someone else wrote first" (or the document vanished): decide again. */
function lostRace(error: unknown): boolean {
  const code = firestoreErrorCode(error);
  return (
    code === FIRESTORE_CODES.alreadyExists ||
    code === FIRESTORE_CODES.failedPrecondition ||
    code === FIRESTORE_CODES.notFound
  );
}

/**
 * Creates the document when `version` is undefined (ALREADY_EXISTS if someone did first), else updates
 * it only if it is still at `version` (FAILED_PRECONDITION otherwise). `data` names every top-level
 * field the document has, so the update replaces the whole document. Resolves the new version, or
 * undefined when another writer got there first. `alsoWrite` adds writes that land atomically with it.
 * Transactions are not used: the npm emulator never makes them conflict, so tests could not show they
 * protect anything; the precondition does, in Firestore.
 */
export async function conditionalWrite(
  ref: DocumentReference,
  data: Record<string, unknown>,
  version: string | undefined,
  alsoWrite?: (batch: WriteBatch) => void,
): Promise<string | undefined> {
  try {
    const batch = ref.firestore.batch();
    if (version === undefined) batch.create(ref, data);
    else batch.update(ref, data, { lastUpdateTime: decodeVersion(version) });
    // Written with the document or not at all: a failed precondition fails the whole batch.
    alsoWrite?.(batch);
    const [result] = await batch.commit();
    if (result === undefined) throw new Error(`no write result for ${ref.path}`);
    return encodeVersion(result.writeTime);
  } catch (error) {
    if (lostRace(error)) return undefined;
    throw error;
  }
}

/** Create-only: a document that exists already is left as it is. Resolves whether this call created it. */
export async function createOnce(ref: DocumentReference, data: Record<string, unknown>): Promise<boolean> {
  try {
    await ref.create(data);
    return true;
  } catch (error) {
    if (firestoreErrorCode(error) !== FIRESTORE_CODES.alreadyExists) throw error;
    return false;
  }
}
