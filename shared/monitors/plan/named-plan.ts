import type { Comparable } from './comparable';
import { type FieldChange, fieldChanges } from './field-changes';

/** What the templates want, matched to the server by name (as mkr does, but names only: ids differ per org). */
export interface Desired<T> {
  name: string;
  set: string;
  comparable: Comparable;
  item: T;
}

/** What the server has. A null comparable is an object this code does not understand: never touched. */
export interface OnServer {
  id: string;
  name: string | undefined;
  comparable: Comparable | null;
  /** The set named by our marker; null: made by hand (or by another tool). */
  managedSet: string | null;
}

export type PlanStep<T> =
  | { action: 'create'; desired: Desired<T> }
  /** `adopts`: the server's object was made by hand; the update puts it under the templates. */
  | { action: 'update'; desired: Desired<T>; id: string; changes: FieldChange[]; adopts: boolean }
  | { action: 'unchanged'; desired: Desired<T>; id: string }
  /** Cannot be updated in place (another monitor type): ours is deleted and made again, with --prune only. */
  | { action: 'replace'; desired: Desired<T>; id: string; changes: FieldChange[] }
  /** Nothing is done: the reason says what a person must decide. */
  | { action: 'conflict'; desired: Desired<T>; ids: string[]; problem: string };

export interface NamedPlan<T> {
  steps: PlanStep<T>[];
  /** Ours on the server, in no template any more: deleted only by --prune. */
  wouldDelete: Array<{ id: string; name: string; set: string }>;
  /** Not ours and not in a template: left alone. */
  unmanaged: number;
}

export interface PlanRules {
  /** Why the server's object cannot be updated into the desired one (a type change); null: it can. */
  replaceReason(server: Comparable, desired: Comparable): string | null;
}

const NO_REPLACE: PlanRules = { replaceReason: () => null };

/**
 * The steps from the server's objects to the desired ones. Two server objects with one desired name are a
 * conflict, not a guess: updating either could overwrite what someone meant to keep.
 */
export function planNamed<T>(
  desired: readonly Desired<T>[],
  server: readonly OnServer[],
  rules: PlanRules = NO_REPLACE,
): NamedPlan<T> {
  const byName = new Map<string, OnServer[]>();
  for (const object of server) {
    if (object.name === undefined || object.comparable === null) continue;
    byName.set(object.name, [...(byName.get(object.name) ?? []), object]);
  }
  const wanted = new Set(desired.map((d) => d.name));
  const steps = desired.map((d): PlanStep<T> => {
    const matches = byName.get(d.name) ?? [];
    const [match] = matches;
    if (match === undefined) return { action: 'create', desired: d };
    if (matches.length > 1) {
      const problem = `${matches.length} objects named "${d.name}" on the server: rename or delete all but one by hand`;
      return { action: 'conflict', desired: d, ids: matches.map((m) => m.id), problem };
    }
    const current = match.comparable ?? {};
    const changes = fieldChanges(current, d.comparable);
    const replaceReason = rules.replaceReason(current, d.comparable);
    if (replaceReason !== null) {
      if (match.managedSet !== null) return { action: 'replace', desired: d, id: match.id, changes };
      return {
        action: 'conflict',
        desired: d,
        ids: [match.id],
        problem: `${replaceReason}; it was made by hand`,
      };
    }
    if (changes.length === 0) return { action: 'unchanged', desired: d, id: match.id };
    return { action: 'update', desired: d, id: match.id, changes, adopts: match.managedSet === null };
  });
  const wouldDelete: NamedPlan<T>['wouldDelete'] = [];
  let unmanaged = 0;
  for (const object of server) {
    if (object.name !== undefined && wanted.has(object.name)) continue;
    // An object this code cannot read is never deleted, marker or not.
    if (object.managedSet === null || object.name === undefined || object.comparable === null) unmanaged++;
    else wouldDelete.push({ id: object.id, name: object.name, set: object.managedSet });
  }
  return { steps, wouldDelete, unmanaged };
}
