import type { StandinSeed } from './standin-seed';

export interface GenerateSeedOptions {
  orgs: number;
  hostsPerOrg: number;
  /** Per-org latency for every API answer; default none. */
  latencyMs?: number;
  /** Epoch seconds the hosts were created at; default 2026-01-01T00:00:00Z. */
  createdAt?: number;
}

const STATUS_CYCLE = ['working', 'working', 'working', 'standby', 'maintenance', 'poweroff'] as const;

/** Org names and keys for generated seeds: `org-0001`, `bench-key-org-0001`. */
export const generatedOrgName = (index: number) => `org-${String(index + 1).padStart(4, '0')}`;
export const generatedApiKey = (orgName: string) => `bench-key-${orgName}`;

/**
 * A deterministic in-memory seed for benchmarks and load tests: every org gets the same mix of host
 * statuses (4 of 6 listed by default), one open alert on its first host, one monitor and our webhook channel.
 */
export function generateSeed(options: GenerateSeedOptions): StandinSeed {
  const createdAt = options.createdAt ?? 1_767_225_600;
  return {
    orgs: Array.from({ length: options.orgs }, (_, orgIndex) => {
      const name = generatedOrgName(orgIndex);
      const hosts = Array.from({ length: options.hostsPerOrg }, (_, i) => ({
        id: `${name}-host-${i + 1}`,
        name: `web${String(i + 1).padStart(3, '0')}.${name}.example`,
        createdAt,
        status: STATUS_CYCLE[i % STATUS_CYCLE.length] ?? 'working',
        memo: '',
        isRetired: false,
        size: 'standard',
        roles: { shop: [i % 2 === 0 ? 'web' : 'db'] },
        interfaces: [{ name: 'eth0', ipv4Addresses: [`10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`] }],
        meta: { 'agent-name': 'mackerel-agent/0.84.0', 'agent-version': '0.84.0' },
      }));
      const firstHost = hosts[0]?.id;
      return {
        name,
        displayName: `Customer ${orgIndex + 1}`,
        apiKey: generatedApiKey(name),
        latencyMs: options.latencyMs,
        hosts,
        alerts:
          firstHost === undefined
            ? []
            : [
                {
                  id: `${name}-alert-1`,
                  status: 'CRITICAL',
                  monitorId: `${name}-monitor-cpu`,
                  type: 'host',
                  hostId: firstHost,
                  value: 97.5,
                  openedAt: createdAt + 3600,
                },
              ],
        monitors: [{ id: `${name}-monitor-cpu`, type: 'host', name: 'CPU %', memo: '', isMute: false }],
        channels: [
          {
            id: `${name}-channel-webhook`,
            name: 'MSP intake',
            type: 'webhook',
            suspendedAt: null,
            url: `https://intake.example/hooks/mackerel/${name}-token`,
            enabledGraphImage: true,
            events: ['alert', 'alertGroup', 'hostStatus', 'hostRegister', 'hostRetire', 'monitor'],
          },
        ],
      };
    }),
  };
}
