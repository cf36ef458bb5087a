import { z } from 'zod';

const cidrSchema = z.union([z.cidrv4(), z.cidrv6()], { error: 'expected a CIDR such as 10.20.0.0/16' });

/**
 * An org's probe settings, beside its probes. `allowRanges`: ranges the address policy would refuse
 * (private, CGNAT, documentation...) that this org explicitly wants probed, such as a VPN-reachable
 * network. Loopback, unspecified and the metadata server stay refused whatever is listed.
 */
export const probeSettingsSchema = z.strictObject({
  allowRanges: z.array(cidrSchema).max(100).default([]),
});

export type ProbeSettings = z.infer<typeof probeSettingsSchema>;
