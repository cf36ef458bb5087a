import { z } from 'zod';
import type { AuditHost } from './audit-observation';

const epochSeconds = z.number().int().nonnegative();

/**
 * The org's billable hosts as the last successful round saw them: what "new since the last round" is
 * measured against. Per host only what that needs, so 1,000+ hosts fit in one document.
 */
export const hostSnapshotSchema = z.object({
  takenAt: epochSeconds,
  /** The org's first audit: every host seen then is the baseline, not new. */
  baselineAt: epochSeconds,
  hosts: z.record(
    z.string(),
    z.object({
      name: z.string(),
      firstSeenAt: epochSeconds,
      /** Mackerel's status as the round saw it; absent in snapshots taken before it was kept. */
      status: z.string().optional(),
      /** `service:role`; absent in snapshots taken before they were kept. */
      roles: z.array(z.string()).optional(),
    }),
  ),
});
export type HostSnapshot = z.infer<typeof hostSnapshotSchema>;

/** This round's hosts; each keeps the time it was first seen, a host not seen before gets `now`. */
export function nextHostSnapshot(
  previous: HostSnapshot | null,
  hosts: readonly AuditHost[],
  now: number,
): HostSnapshot {
  const entries = [...hosts]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(
      (h) =>
        [
          h.id,
          {
            name: h.name,
            firstSeenAt: previous?.hosts[h.id]?.firstSeenAt ?? now,
            status: h.status,
            roles: [...h.roles].sort(),
          },
        ] as const,
    );
  return { takenAt: now, baselineAt: previous?.baselineAt ?? now, hosts: Object.fromEntries(entries) };
}

/** First seen after the baseline: a host that appeared since the org's audit began. */
export const appearedAfterBaseline = (snapshot: HostSnapshot, hostId: string): number | null => {
  const seen = snapshot.hosts[hostId]?.firstSeenAt;
  return seen !== undefined && seen > snapshot.baselineAt ? seen : null;
};
