import { SecretNotFoundError } from '../../kernel/ports/secret-reader';
import { TimeoutError, withTimeout } from '../../kernel/retry/with-timeout';
import type { ApiChannel } from '../../mackerel/api/channel-schema';
import type { ApiHost } from '../../mackerel/api/host-schema';
import { MackerelApiError } from '../../mackerel/api/mackerel-api-error';
import type { OrgApiClients } from '../../mackerel/api/org-api-clients';
import type { AuditChannel, AuditErrorKind, AuditHost, AuditObservation } from '../audit-observation';
import type { ObserveOptions } from '../org-audit-ports';

export interface MackerelOrgObserverOptions {
  /** The org's client, from its own key. */
  clientFor: OrgApiClients;
  /** The whole observation of one org: one slow org must not hold a round. */
  orgDeadlineMs: number;
}

function hostOf(host: ApiHost): AuditHost {
  const addresses = (host.interfaces ?? []).flatMap((i) => [
    ...(i.ipv4Addresses ?? []),
    ...(i.ipv6Addresses ?? []),
    ...(i.ipAddress ? [i.ipAddress] : []),
    ...(i.ipv6Address ? [i.ipv6Address] : []),
  ]);
  return {
    id: host.id,
    name: host.displayName ? `${host.name} (${host.displayName})` : host.name,
    status: host.status,
    createdAt: host.createdAt,
    isRetired: host.isRetired ?? false,
    roles: Object.entries(host.roles ?? {}).flatMap(([service, roles]) =>
      roles.map((role) => `${service}:${role}`),
    ),
    ...(host.meta?.['agent-version'] ? { agentVersion: host.meta['agent-version'] } : {}),
    ...(host.meta?.cloud?.provider ? { cloudProvider: host.meta.cloud.provider } : {}),
    addresses: [...new Set(addresses)],
  };
}

const channelOf = (c: ApiChannel): AuditChannel => ({
  id: c.id,
  name: c.name,
  type: c.type,
  ...(c.url !== undefined ? { url: c.url } : {}),
  ...(c.events !== undefined ? { events: c.events } : {}),
  suspendedAt: c.suspendedAt ?? null,
});

function errorKindOf(error: unknown): AuditErrorKind {
  if (error instanceof SecretNotFoundError) return 'no-key';
  if (error instanceof TimeoutError) return 'timeout';
  if (error instanceof MackerelApiError) {
    if (error.kind === 'invalid-key' || error.kind === 'forbidden' || error.kind === 'rate-limited')
      return error.kind;
    if (error.kind === 'bad-response') return 'bad-response';
    return 'unavailable';
  }
  return 'unavailable';
}

/**
 * Observes one org through its own API key: `GET /org`, every host (all four statuses), the channels and, on
 * drift rounds, the monitors, within one deadline. Failures become an error kind (never the key, never a
 * message quoting it).
 */
export function mackerelOrgObserver(options: MackerelOrgObserverOptions) {
  return async (org: string, what: ObserveOptions = { monitors: false }): Promise<AuditObservation> => {
    const observe = async (): Promise<AuditObservation> => {
      const client = await options.clientFor(org);
      // The org first: a key that is wrong or belongs elsewhere needs no further calls.
      const apiOrg = await client.getOrg();
      const [hosts, channels, monitors] = await Promise.all([
        client.listHosts(),
        client.listChannels(),
        (await what.monitors) ? client.listMonitors() : undefined,
      ]);
      return {
        kind: 'ok',
        orgName: apiOrg.name,
        hosts: hosts.map(hostOf),
        channels: channels.map(channelOf),
        ...(monitors ? { monitors } : {}),
      };
    };
    try {
      return await withTimeout(observe(), options.orgDeadlineMs, `audit of ${org}`);
    } catch (error) {
      return { kind: 'failed', errorKind: errorKindOf(error) };
    }
  };
}
