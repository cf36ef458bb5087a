import { z } from 'zod';
import { optionalField } from './optional-field';

/** Every status a billable host can have; `GET /api/v0/hosts` lists only working and standby unless asked. */
export const HOST_STATUSES = ['working', 'standby', 'maintenance', 'poweroff'] as const;
export type HostStatus = (typeof HOST_STATUSES)[number];

const interfaceSchema = z.looseObject({
  name: z.string(),
  macAddress: optionalField(z.string()),
  ipv4Addresses: optionalField(z.array(z.string())),
  ipv6Addresses: optionalField(z.array(z.string())),
  ipAddress: optionalField(z.string()),
  ipv6Address: optionalField(z.string()),
});

/** Set by Mackerel's cloud integrations and by the agent on cloud VMs; metadata differs per provider. */
const cloudSchema = z.looseObject({
  provider: z.string(),
  metadata: optionalField(z.record(z.string(), z.unknown())),
});

const metaSchema = z.looseObject({
  'agent-name': optionalField(z.string()),
  'agent-version': optionalField(z.string()),
  cloud: optionalField(cloudSchema),
});

/**
 * A host as the REST API returns it. Roles are a map service -> role names, not the webhook's role objects.
 * `status` stays free text so a status Mackerel adds later is not a rejection. `size` (standard|micro) is
 * missing from the API docs but sent, and read by the official Go client; `memo` and `interfaces` are absent
 * on some integration hosts.
 */
export const apiHostSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  displayName: optionalField(z.string()),
  customIdentifier: optionalField(z.string()),
  type: optionalField(z.string()),
  /** Epoch seconds; absent from some documented examples: unknown then, never a reason to reject. */
  createdAt: optionalField(z.number()),
  status: z.string(),
  memo: optionalField(z.string()),
  /** Absent from some examples; `GET /api/v0/hosts` never lists retired hosts, so absent reads as false. */
  isRetired: optionalField(z.boolean()),
  retiredAt: optionalField(z.number()),
  size: optionalField(z.string()),
  roles: optionalField(z.record(z.string(), z.array(z.string()))),
  interfaces: optionalField(z.array(interfaceSchema)),
  meta: optionalField(metaSchema),
});

export type ApiHost = z.infer<typeof apiHostSchema>;

/** Each host is read on its own (see MackerelApiClient.listHosts): one odd host must not fail an org. */
export const hostsResponseSchema = z.looseObject({ hosts: z.array(z.unknown()) });

/** What is kept of a host whose other fields do not parse: enough to count and name it. */
export const minimalHostSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional().catch(undefined),
  status: z.string().optional().catch(undefined),
});
export const hostResponseSchema = z.looseObject({ host: apiHostSchema });
