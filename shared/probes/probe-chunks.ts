/** The chunks of an org's targets: `size` each, the last one shorter; always at least one. */
export function chunkCount(targets: number, size: number): number {
  return Math.max(1, Math.ceil(targets / Math.max(1, size)));
}

/** Chunk `index` of the targets, in the order probeTargets gave them (stable for one hosts record). */
export function chunkOf<T>(targets: readonly T[], index: number, size: number): T[] {
  return targets.slice(index * size, (index + 1) * size);
}
