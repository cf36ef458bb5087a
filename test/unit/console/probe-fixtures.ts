import type { PageContext } from '../../../shared/console/pages/page-context';
import { type OrgProbes, type OrgProbesInput, orgProbesSchema } from '../../../shared/probes/org-probes';
import type { ProbeRoundRecord } from '../../../shared/probes/probe-round-record';

/** 2026-01-10 14:00 JST. */
export const NOW = new Date('2026-01-10T05:00:00Z');
export const NOW_SECONDS = NOW.getTime() / 1000;

export const ctx: PageContext = {
  identity: { email: 'viewer@msp.example', subject: 'accounts.google.com:1' },
  role: 'viewer',
  csrfToken: 't',
  now: NOW,
  mackerelBaseUrl: 'https://mackerel.io',
};

export const orgProbes = (input: OrgProbesInput): OrgProbes => orgProbesSchema.parse(input);

/** demo's probes: one of each kind, one disabled. */
export const demoProbes = orgProbes({
  probes: [
    {
      id: 'shop-health',
      kind: 'http',
      url: 'https://{{host.name}}.shop.example/health',
      targets: { service: 'shop', roles: ['web', 'app'] },
    },
    {
      id: 'staging-health',
      kind: 'http',
      url: 'http://{{host.name}}/health',
      targets: { hostIds: ['3xStaging01', '3xRetired01'] },
    },
    { id: 'db-port', kind: 'tcp', address: '{{host.ipv4.eth0}}:5432', targets: { service: 'shop' } },
    {
      id: 'www-dns',
      kind: 'dns',
      resolver: '8.8.8.8',
      name: 'www.shop.example',
      type: 'A',
      targets: { service: 'shop', roles: ['web'] },
      enabled: false,
    },
  ],
});

/** A chunk's record of the round a minute ago, nothing failing. */
export const roundRecord = (overrides: Partial<ProbeRoundRecord> = {}): ProbeRoundRecord => ({
  org: 'demo',
  chunk: 0,
  chunks: 1,
  roundAt: NOW_SECONDS - 60,
  startedAtMs: (NOW_SECONDS - 59) * 1000,
  finishedAt: NOW_SECONDS - 58,
  targets: 4,
  ok: 4,
  failed: 0,
  elapsedMs: 420,
  maxInFlight: 4,
  failures: [],
  problems: [],
  problemCount: 0,
  posted: 12,
  buffer: [],
  droppedPoints: 0,
  rejectedPoints: 0,
  postError: null,
  ...overrides,
});

export const failingRecord = (overrides: Partial<ProbeRoundRecord> = {}): ProbeRoundRecord =>
  roundRecord({
    ok: 2,
    failed: 2,
    failures: [
      {
        probeId: 'staging-health',
        hostId: '3xStaging01',
        kind: 'status',
        message: 'status 503, expected 2xx',
      },
      {
        probeId: 'shop-health',
        hostId: '3xBatch01',
        kind: 'policy',
        message: '169.254.169.254 refused: the cloud metadata server',
      },
    ],
    problems: [
      {
        kind: 'host-missing',
        probeId: 'staging-health',
        hostId: '3xRetired01',
        message: 'host 3xRetired01 no longer exists in the org',
      },
    ],
    problemCount: 1,
    ...overrides,
  });
