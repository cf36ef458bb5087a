import type { Firestore } from '@google-cloud/firestore';
import { firestoreProbeDefinitions } from '../shared/probes/adapters/firestore-probe-definitions';
import { type OrgProbesInput, orgProbesSchema } from '../shared/probes/org-probes';
import type { ProbeTargetStandin } from './probes/target-standin';

/** The demo host whose health check answers 503 (in maintenance: probed, Mackerel mutes its alerts). */
export const DEMO_FAILING_HOST = 'ip-10-1-2-3.ap-northeast-1.compute.internal';
const FAILING_HOST_ID = '3xHostG7h8I';
/** Listed beside it, though retired: the round reports the definition rather than probing. */
const RETIRED_HOST_ID = '3xHostM2n3O';

/**
 * Probes for the demo orgs against the local stand-in targets (on 127.0.0.1: the local stack's probe
 * function allows loopback, nothing else the policy refuses): every kind, a failing one, one listing a
 * retired host, and one aimed at the metadata server that the policy refuses. The first round posts within the minute.
 */
export function demoProbes(targets: ProbeTargetStandin): Record<string, OrgProbesInput> {
  const https = targets.httpsUrl;
  return {
    demo: {
      probes: [
        {
          id: 'shop-health',
          kind: 'http',
          url: `${targets.httpUrl}/{{host.name}}/health`,
          targets: { service: 'shop', roles: ['web'] },
          bodyRegex: '^ok',
          maxLatencyMs: 1000,
        },
        ...(https
          ? [
              {
                id: 'shop-tls',
                kind: 'http' as const,
                url: `${https}/{{host.name}}/`,
                targets: { service: 'shop', roles: ['web'] },
                tlsDaysWarning: 14,
              },
            ]
          : []),
        {
          id: 'batch-health',
          kind: 'http',
          url: `${targets.httpUrl}/{{host.name}}/health`,
          targets: { hostIds: [FAILING_HOST_ID, RETIRED_HOST_ID] },
        },
        {
          id: 'db-port',
          kind: 'tcp',
          address: `127.0.0.1:${targets.tcpPort}`,
          expect: '^SSH-',
          targets: { service: 'shop', roles: ['db'] },
        },
        {
          id: 'www-dns',
          kind: 'dns',
          resolver: `${targets.dnsAddress}:${targets.dnsPort}`,
          name: 'www.probe.local',
          type: 'A',
          expect: ['192.0.2.10'],
          targets: { service: 'shop', roles: ['web'] },
        },
        {
          id: 'metadata-refused',
          kind: 'http',
          url: 'http://169.254.169.254/computeMetadata/v1/',
          targets: { service: 'shop', roles: ['batch'] },
        },
      ],
    },
    acme: {
      probes: [
        {
          id: 'portal',
          kind: 'http',
          url: `${targets.httpUrl}/{{host.name}}/`,
          targets: { service: 'portal' },
        },
      ],
    },
  };
}

export async function seedDemoProbes(db: Firestore, targets: ProbeTargetStandin): Promise<void> {
  const store = firestoreProbeDefinitions(db);
  for (const [org, probes] of Object.entries(demoProbes(targets))) {
    await store.put(org, orgProbesSchema.parse(probes));
  }
  targets.setTarget(DEMO_FAILING_HOST, { status: 503, body: 'maintenance' });
}
