import {
  compareFindings,
  type Finding,
  type FindingDraft,
  type FindingKind,
  toEpochSeconds,
} from './finding';
import { findingFingerprint } from './finding-fingerprint';

export interface FindingChanges {
  appeared: Finding[];
  /** Same key, different fingerprint (severity, band, problem, addresses). */
  changed: { finding: Finding; previous: Finding }[];
  cleared: Finding[];
  /** Findings about a moment (a new host) whose time is up: dropped without a mail. */
  expired: Finding[];
  /** Everything that stands after this round, to store; sorted worst first. */
  standing: Finding[];
}

/** Whether the round's changes are worth a mail (expiry alone is not). */
export const hasMailableChanges = (c: FindingChanges): boolean =>
  c.appeared.length + c.changed.length + c.cleared.length > 0;

/**
 * The previous round's standing findings against this round's. A finding of a kind the round could not
 * check (hosts and channels when the key failed) stands as it was: network trouble clears nothing. A
 * finding that cleared and comes back later appears again.
 */
export function diffFindings(
  previous: readonly Finding[],
  current: readonly FindingDraft[],
  checkedKinds: readonly FindingKind[],
  now: Date,
): FindingChanges {
  const at = toEpochSeconds(now);
  const before = new Map(previous.map((f) => [f.key, f]));
  const changes: FindingChanges = { appeared: [], changed: [], cleared: [], expired: [], standing: [] };
  const currentKeys = new Set<string>();
  for (const draft of current) {
    currentKeys.add(draft.key);
    const old = before.get(draft.key);
    const finding: Finding = { ...draft, firstSeenAt: old?.firstSeenAt ?? at, lastSeenAt: at };
    if (old === undefined) changes.appeared.push(finding);
    else if (findingFingerprint(old) !== findingFingerprint(finding))
      changes.changed.push({ finding, previous: old });
    changes.standing.push(finding);
  }
  for (const old of previous) {
    if (currentKeys.has(old.key)) continue;
    if (old.expiresAt !== null && old.expiresAt <= at) changes.expired.push(old);
    else if (checkedKinds.includes(old.kind)) changes.cleared.push(old);
    else changes.standing.push(old);
  }
  changes.appeared.sort(compareFindings);
  changes.changed.sort((a, b) => compareFindings(a.finding, b.finding));
  changes.cleared.sort(compareFindings);
  changes.expired.sort(compareFindings);
  changes.standing.sort(compareFindings);
  return changes;
}
