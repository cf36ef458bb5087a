import type { ApiHost } from '../mackerel/api/host-schema';

/** A host as probes need it: what targets select by and templates render from. */
export interface ProbeHost {
  id: string;
  name: string;
  customIdentifier?: string;
  /** Mackerel's status: `poweroff` hosts are not probed. */
  status: string;
  /** Absent reads as false: `GET /api/v0/hosts` never lists retired hosts. */
  isRetired?: boolean;
  /** `service:role`, as the audit and routes write them. */
  roles: string[];
  interfaces: ProbeHostInterface[];
}

export interface ProbeHostInterface {
  name: string;
  ipv4: string[];
  ipv6: string[];
}

const distinct = (addresses: (string | undefined)[]): string[] => [
  ...new Set(addresses.filter((a): a is string => a !== undefined && a !== '')),
];

/** Older agents report one address per family in `ipAddress`/`ipv6Address`; newer ones the lists. */
export function probeHostOf(host: ApiHost): ProbeHost {
  return {
    id: host.id,
    name: host.name,
    ...(host.customIdentifier ? { customIdentifier: host.customIdentifier } : {}),
    status: host.status,
    roles: Object.entries(host.roles ?? {}).flatMap(([service, names]) =>
      names.map((role) => `${service}:${role}`),
    ),
    isRetired: host.isRetired === true,
    interfaces: (host.interfaces ?? []).map((i) => ({
      name: i.name,
      ipv4: distinct([...(i.ipv4Addresses ?? []), i.ipAddress]),
      ipv6: distinct([...(i.ipv6Addresses ?? []), i.ipv6Address]),
    })),
  };
}
