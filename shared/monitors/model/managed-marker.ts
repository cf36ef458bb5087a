/**
 * The mark a pushed monitor or downtime carries on the last line of its memo: `[msp-ops managed: <set>]`.
 * Mackerel has no labels on monitors, and the memo is the one free field every type has. Only marked
 * objects are ever deleted (`--prune`); a monitor made by hand, even with a template's name, is not.
 */
const MARKER = /(?:^|\n)\[msp-ops managed: ([A-Za-z0-9_-]+)\]$/;

export const markerOf = (set: string): string => `[msp-ops managed: ${set}]`;

/** The memo a pushed object gets: the template's memo, then the marker on its own line. */
export function markMemo(memo: string | undefined, set: string): string {
  return memo ? `${memo}\n${markerOf(set)}` : markerOf(set);
}

/** The set that manages an object, from its memo; null when it is not ours. */
export function managedSetOf(memo: string | null | undefined): string | null {
  return MARKER.exec(memo ?? '')?.[1] ?? null;
}

/** The memo without our marker (what `monitors pull` writes back into a template). */
export const unmarkedMemo = (memo: string | null | undefined): string => (memo ?? '').replace(MARKER, '');
