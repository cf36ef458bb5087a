import { createHash } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:=+~-]{0,199}$/;

/**
 * A Firestore document id for an id that comes from outside (alert, host ids, dedup keys). Mackerel's
 * ids are short and alphanumeric and are used as they are, readable in the console; anything else (a
 * `/`, `__x__`, over 200 characters) becomes `h-<sha256>`, so no input can address another document.
 */
export function docIdOf(id: string): string {
  return SAFE_ID.test(id) ? id : `h-${createHash('sha256').update(id).digest('hex')}`;
}
