import { z } from 'zod';

const probeHostInterfaceSchema = z.object({
  name: z.string(),
  ipv4: z.array(z.string()),
  ipv6: z.array(z.string()),
});

/** A host as probes need it (probe-host.ts), stored in probeHosts/{org}. */
export const probeHostSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  customIdentifier: z.string().optional(),
  status: z.string(),
  isRetired: z.boolean().optional(),
  roles: z.array(z.string()),
  interfaces: z.array(probeHostInterfaceSchema),
});

/**
 * probeHosts/{org}: the org's hosts as last fetched from Mackerel, reused for `PROBE_HOSTS_MAX_AGE_MS`:
 * templates need the hosts' addresses, which the audit's snapshot does not keep, and a fetch per org per
 * minute would spend the org's API rate on the same answer.
 */
export const probeHostsRecordSchema = z.object({
  /** Epoch seconds. */
  fetchedAt: z.number().int().nonnegative(),
  hosts: z.array(probeHostSchema),
});

export type ProbeHostsRecord = z.infer<typeof probeHostsRecordSchema>;

export const hostsStale = (record: ProbeHostsRecord | null, nowSeconds: number, maxAgeMs: number): boolean =>
  record === null || (nowSeconds - record.fetchedAt) * 1000 >= maxAgeMs;
