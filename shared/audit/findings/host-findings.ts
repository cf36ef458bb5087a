import type { AuditHost } from '../audit-observation';
import { appearedAfterBaseline, type HostSnapshot } from '../host-snapshot';
import { declaredNetworks } from './declared-networks';
import type { DraftOf, HostFacts } from './finding';

/** Long enough that every new host is in at least one 09:00 summary, whatever hour it appeared. */
export const NEW_HOST_STANDS_SECONDS = 25 * 3600;

export const hostFacts = (h: AuditHost): HostFacts => ({
  id: h.id,
  name: h.name,
  status: h.status,
  createdAt: h.createdAt ?? null,
  agentVersion: h.agentVersion ?? null,
  cloudProvider: h.cloudProvider ?? null,
  addresses: [...h.addresses],
});

/** `warn`: billable reached the warn level (count == warn counts); `over`: billable exceeds max (count == max does not). */
export function hostQuotaFinding(
  billable: number,
  quota: { warn: number; max: number } | undefined,
): DraftOf<'host-quota'> | null {
  if (quota === undefined) return null;
  const band = billable > quota.max ? 'over' : billable >= quota.warn ? 'warn' : null;
  if (band === null) return null;
  return {
    key: 'host-quota',
    kind: 'host-quota',
    severity: band === 'over' ? 'critical' : 'warning',
    expiresAt: null,
    facts: { band, billable, warn: quota.warn, max: quota.max },
  };
}

/** Hosts first seen after the baseline and less than `standsSeconds` ago (snapshot already includes this round). */
export function newHostFindings(
  hosts: readonly AuditHost[],
  snapshot: HostSnapshot,
  now: number,
  standsSeconds: number,
): DraftOf<'new-host'>[] {
  return hosts.flatMap((h) => {
    const appearedAt = appearedAfterBaseline(snapshot, h.id);
    if (appearedAt === null || now >= appearedAt + standsSeconds) return [];
    return [
      {
        key: `new-host:${h.id}`,
        kind: 'new-host',
        severity: 'warning',
        expiresAt: appearedAt + standsSeconds,
        facts: { host: hostFacts(h) },
      },
    ];
  });
}

export function outsideNetworkFindings(
  hosts: readonly AuditHost[],
  networks: readonly string[],
): DraftOf<'host-outside-networks'>[] {
  const check = declaredNetworks(networks);
  return hosts.flatMap((h) => {
    const outsideAddresses = check.outside(h.addresses);
    if (outsideAddresses.length === 0) return [];
    return [
      {
        key: `host-outside-networks:${h.id}`,
        kind: 'host-outside-networks',
        severity: 'warning',
        expiresAt: null,
        facts: { host: hostFacts(h), outsideAddresses },
      },
    ];
  });
}
