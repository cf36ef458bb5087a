import { z } from 'zod';
import { type HostSnapshot, hostSnapshotSchema } from './host-snapshot';

/**
 * hostIndex/{org}: the org's host snapshot as one JSON string field, for searching hosts across every
 * org. Reading 1,000 documents of nested maps costs seconds (measured on the npm emulator: encoding
 * 100 nested entries per document); one string per org reads in a fraction of that.
 */
export const hostIndexDocSchema = z.object({
  org: z.string().min(1),
  takenAt: z.number().int().nonnegative(),
  baselineAt: z.number().int().nonnegative(),
  /** JSON of [hostId, name, firstSeenAt, status, roles][] (older documents: the first three). */
  hosts: z.string(),
});
export type HostIndexDoc = z.infer<typeof hostIndexDocSchema>;

const idNameSeen = [z.string(), z.string(), z.number().int().nonnegative()] as const;
const rowsSchema = z.array(
  z.union([
    z.tuple([...idNameSeen, z.string().nullable(), z.array(z.string()).nullable()]),
    z.tuple([...idNameSeen]),
  ]),
);

export function hostIndexDocOf(org: string, snapshot: HostSnapshot): HostIndexDoc {
  const rows = Object.entries(snapshot.hosts).map(([id, h]) => [
    id,
    h.name,
    h.firstSeenAt,
    h.status ?? null,
    h.roles ?? null,
  ]);
  return { org, takenAt: snapshot.takenAt, baselineAt: snapshot.baselineAt, hosts: JSON.stringify(rows) };
}

/** The snapshot back from its index document; throws on a document this code did not write. */
export function snapshotOfHostIndex(doc: HostIndexDoc): HostSnapshot {
  const rows = rowsSchema.parse(JSON.parse(doc.hosts));
  return hostSnapshotSchema.parse({
    takenAt: doc.takenAt,
    baselineAt: doc.baselineAt,
    hosts: Object.fromEntries(
      rows.map(([id, name, firstSeenAt, status, roles]) => [
        id,
        { name, firstSeenAt, ...(status ? { status } : {}), ...(roles ? { roles } : {}) },
      ]),
    ),
  });
}
