import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  AuditChannel,
  AuditHost,
  AuditMonitor,
  AuditObservation,
} from '../../../shared/audit/audit-observation';
import type { OrgAuditFacts } from '../../../shared/audit/findings/audit-org';
import { hasMailableChanges } from '../../../shared/audit/findings/diff-findings';
import { type Finding, findingSchema } from '../../../shared/audit/findings/finding';
import { hostQuotaFinding } from '../../../shared/audit/findings/host-findings';
import {
  advanceOrgAudit,
  type OrgAuditRound,
  type OrgAuditState,
  orgAuditStateSchema,
} from '../../../shared/audit/org-audit-state';
import type { MonitorSpec } from '../../../shared/mackerel/api/monitor-spec';

const ORG: OrgAuditFacts = {
  name: 'acme-prod',
  hostQuota: { warn: 5, max: 6 },
  declaredNetworks: ['10.0.0.0/8', '2001:db8::/32'],
  webhookUrlPrefix: 'https://intake.example.com/hooks/mackerel',
};
const T0 = Date.parse('2026-01-05T00:00:00Z');
const hour = (n: number): Date => new Date(T0 + n * 3_600_000);
const CREATED = T0 / 1000 - 600;

function host(id: string, overrides: Partial<AuditHost> = {}): AuditHost {
  return {
    id,
    name: `web-${id}`,
    status: 'working',
    createdAt: CREATED,
    isRetired: false,
    roles: ['shop:web'],
    agentVersion: '0.80.0',
    cloudProvider: 'ec2',
    addresses: ['10.0.0.1'],
    ...overrides,
  };
}

const CHANNEL: AuditChannel = {
  id: 'ch-pipeline',
  name: 'msp pipeline',
  type: 'webhook',
  url: 'https://intake.example.com/hooks/mackerel/secret-token-123',
  events: ['alert', 'alertGroup', 'hostRegister'],
  suspendedAt: null,
};

const ok = (
  hosts: AuditHost[],
  channels: AuditChannel[] = [CHANNEL],
  orgName = 'acme-prod',
): AuditObservation => ({
  kind: 'ok',
  orgName,
  hosts,
  channels,
});
const failed = (errorKind: Extract<AuditObservation, { kind: 'failed' }>['errorKind']): AuditObservation => ({
  kind: 'failed',
  errorKind,
});

const BASE = [host('h1'), host('h2')];

/** Rounds one hour apart from T0, each from the previous round's stored state. */
function rounds(
  observations: AuditObservation[],
  org: OrgAuditFacts = ORG,
  start: OrgAuditState | null = null,
) {
  const out: OrgAuditRound[] = [];
  let state = start;
  observations.forEach((observation, i) => {
    const round = advanceOrgAudit(state, { org, observation, now: hour(i) });
    out.push(round);
    state = round.state;
  });
  return out;
}

const keys = (findings: readonly Finding[]): string[] => findings.map((f) => f.key);
const last = <T>(items: readonly T[]): T => {
  const item = items.at(-1);
  assert.ok(item !== undefined);
  return item;
};

describe('first audit', () => {
  it('records a baseline: no host is new, the count is stated, the snapshot holds every host', () => {
    const [first] = rounds([ok(BASE)]);
    assert.ok(first);
    assert.equal(first.result.baselineHostCount, 2);
    assert.equal(first.result.billable, 2);
    assert.deepEqual(first.changes.appeared, []);
    assert.deepEqual(Object.keys(first.state.snapshot?.hosts ?? {}), ['h1', 'h2']);
    assert.equal(first.state.lastAuditedAt, T0 / 1000);
  });

  it('states no baseline on later rounds', () => {
    const [, second] = rounds([ok(BASE), ok(BASE)]);
    assert.equal(second?.result.baselineHostCount, null);
  });
});

describe('standing findings are mailed once', () => {
  it('the same observation three times: only the first round has changes', () => {
    const observation = ok([host('h1'), host('h2'), host('h3'), host('h4'), host('h5')], []);
    const [a, b, c] = rounds([observation, observation, observation]);
    assert.deepEqual(keys(a?.changes.appeared ?? []), ['webhook-channel', 'host-quota']);
    for (const round of [b, c]) {
      assert.ok(round);
      assert.equal(hasMailableChanges(round.changes), false);
      assert.deepEqual(keys(round.changes.standing), ['webhook-channel', 'host-quota']);
    }
  });

  it('keeps firstSeenAt and moves lastSeenAt while a finding stands', () => {
    const observation = ok(BASE, []);
    const [, , third] = rounds([observation, observation, observation]);
    const channel = third?.state.findings.find((f) => f.key === 'webhook-channel');
    assert.equal(channel?.firstSeenAt, T0 / 1000);
    assert.equal(channel?.lastSeenAt, hour(2).getTime() / 1000);
  });
});

describe('new hosts', () => {
  const grown = [
    ...BASE,
    host('h3', { name: 'batch01', addresses: ['10.1.2.3', '2001:db8::3'], createdAt: CREATED + 3000 }),
  ];

  it('reports a host that appeared since the last snapshot with its facts', () => {
    const [, second] = rounds([ok(BASE), ok(grown)]);
    const found = second?.changes.appeared.find((f) => f.key === 'new-host:h3');
    assert.ok(found?.kind === 'new-host');
    assert.equal(found.severity, 'warning');
    assert.deepEqual(found.facts.host, {
      id: 'h3',
      name: 'batch01',
      status: 'working',
      createdAt: CREATED + 3000,
      agentVersion: '0.80.0',
      cloudProvider: 'ec2',
      addresses: ['10.1.2.3', '2001:db8::3'],
    });
    assert.equal(found.expiresAt, hour(1).getTime() / 1000 + 25 * 3600);
  });

  it('records absent agent version and cloud provider as null', () => {
    const bare = host('h9', { agentVersion: undefined, cloudProvider: undefined });
    const [, second] = rounds([ok(BASE), ok([...BASE, bare])]);
    const found = second?.changes.appeared.find((f) => f.kind === 'new-host');
    assert.ok(found?.kind === 'new-host');
    assert.equal(found.facts.host.agentVersion, null);
    assert.equal(found.facts.host.cloudProvider, null);
  });

  it('stands through the next 09:00 summary, then expires without a mail', () => {
    const observations = [ok(BASE), ...Array.from({ length: 26 }, () => ok(grown))];
    const all = rounds(observations);
    assert.ok(all[25]?.state.findings.some((f) => f.key === 'new-host:h3'));
    const expiry = last(all);
    assert.deepEqual(keys(expiry.changes.expired), ['new-host:h3']);
    assert.deepEqual(expiry.changes.cleared, []);
    assert.equal(hasMailableChanges(expiry.changes), false);
    assert.ok(!expiry.state.findings.some((f) => f.key === 'new-host:h3'));
  });

  it('clears when the new host is retired within its window', () => {
    const retired = [...BASE, host('h3', { isRetired: true })];
    const [, , third] = rounds([ok(BASE), ok(grown), ok(retired)]);
    assert.deepEqual(keys(third?.changes.cleared ?? []), ['new-host:h3']);
    assert.equal(third?.result.billable, 2);
  });

  it('is not new again after a failed round, and is new when seen first after one', () => {
    const [, , , fourth] = rounds([ok(BASE), failed('timeout'), ok(grown), ok(grown)]);
    assert.ok(fourth?.state.findings.some((f) => f.key === 'new-host:h3'));
    assert.equal(hasMailableChanges(fourth?.changes ?? assert.fail()), false);
  });
});

describe('host quota', () => {
  const quota = { warn: 3, max: 4 };
  it('is quiet below warn, warns at warn and at max, is critical over max', () => {
    assert.equal(hostQuotaFinding(2, quota), null);
    assert.equal(hostQuotaFinding(3, quota)?.severity, 'warning');
    assert.equal(hostQuotaFinding(3, quota)?.facts.band, 'warn');
    assert.equal(hostQuotaFinding(4, quota)?.facts.band, 'warn');
    assert.equal(hostQuotaFinding(5, quota)?.severity, 'critical');
    assert.equal(hostQuotaFinding(5, quota)?.facts.band, 'over');
  });

  it('is off when the org has no quota', () => {
    assert.equal(hostQuotaFinding(1000, undefined), null);
  });

  it('appears, moves within a band quietly, changes on a band, clears, and appears again', () => {
    const n = (count: number) => ok(Array.from({ length: count }, (_, i) => host(`q${i}`)));
    // The growing host list also makes new-host findings; only the quota matters here.
    const quotaOf = (findings: readonly Finding[] = []) => keys(findings).filter((k) => k === 'host-quota');
    const [r2, r3, r4, r5, r6, r7] = rounds([n(2), n(3), n(4), n(5), n(2), n(3)], {
      ...ORG,
      hostQuota: quota,
    });
    assert.deepEqual(quotaOf(r2?.changes.appeared), []);
    assert.deepEqual(quotaOf(r3?.changes.appeared), ['host-quota']);
    assert.deepEqual(r4?.changes.changed, []);
    const standing = r4?.state.findings.find((f) => f.kind === 'host-quota');
    assert.ok(standing?.kind === 'host-quota');
    assert.equal(standing.facts.billable, 4, 'the stored finding takes the new count quietly');
    assert.equal(r5?.changes.changed[0]?.finding.severity, 'critical');
    assert.equal(r5?.changes.changed[0]?.previous.severity, 'warning');
    assert.equal(r5?.changes.changed[0]?.finding.firstSeenAt, hour(1).getTime() / 1000);
    assert.deepEqual(quotaOf(r6?.changes.cleared), ['host-quota']);
    assert.deepEqual(quotaOf(r7?.changes.appeared), ['host-quota']);
    assert.equal(
      r7?.changes.appeared.find((f) => f.key === 'host-quota')?.firstSeenAt,
      hour(5).getTime() / 1000,
    );
  });
});

describe('hosts outside the declared networks', () => {
  it('appears per host, changes with the set of outside addresses, and clears', () => {
    const stray = (addresses: string[]) => ok([...BASE, host('h7', { addresses })]);
    const [first, second, third] = rounds([
      stray(['10.0.0.7', '192.0.2.7']),
      stray(['192.0.2.7', '2001:db9::7']),
      stray(['10.0.0.7', '::ffff:10.0.0.8']),
    ]);
    const found = first?.changes.appeared.find((f) => f.key === 'host-outside-networks:h7');
    assert.ok(found?.kind === 'host-outside-networks');
    assert.deepEqual(found.facts.outsideAddresses, ['192.0.2.7']);
    assert.deepEqual(keys(second?.changes.changed.map((c) => c.finding) ?? []), ['host-outside-networks:h7']);
    assert.deepEqual(keys(third?.changes.cleared ?? []), ['host-outside-networks:h7']);
  });

  it('is off when the org declares no networks, and ignores hosts without addresses', () => {
    const [open] = rounds([ok([host('h1', { addresses: ['192.0.2.1'] })])], { ...ORG, declaredNetworks: [] });
    assert.deepEqual(open?.state.findings, []);
    const [bare] = rounds([ok([host('h1', { addresses: [] })])]);
    assert.deepEqual(bare?.state.findings, []);
  });
});

describe('webhook channel', () => {
  const findingFor = (channels: AuditChannel[]) => {
    const [round] = rounds([ok(BASE, channels)]);
    const found = round?.state.findings.find((f) => f.key === 'webhook-channel');
    return found?.kind === 'webhook-channel' ? found : null;
  };

  it('is fine when one of our channels takes alerts and is not suspended', () => {
    assert.equal(findingFor([CHANNEL]), null);
    assert.equal(findingFor([{ ...CHANNEL, id: 'a', suspendedAt: 1_767_000_000 }, CHANNEL]), null);
    assert.equal(findingFor([{ ...CHANNEL, events: undefined }]), null, 'events not reported: not judged');
    const basicAuth = {
      ...CHANNEL,
      url: 'https://mackerel:secret-token-123@intake.example.com/hooks/mackerel',
    };
    assert.equal(findingFor([basicAuth]), null);
  });

  it('is missing when no webhook channel points at our intake', () => {
    for (const channels of [
      [],
      [{ ...CHANNEL, url: 'https://other.example.com/hooks/mackerel/x' }],
      [{ ...CHANNEL, url: 'https://intake.example.com/hooks/mackerelx/x' }],
      [{ ...CHANNEL, type: 'slack' }],
      [{ ...CHANNEL, url: 'not a url' }],
    ]) {
      assert.equal(findingFor(channels)?.facts.problem, 'missing', JSON.stringify(channels));
    }
    assert.equal(findingFor([])?.severity, 'critical');
  });

  it('flags a channel that does not subscribe to alerts', () => {
    const found = findingFor([{ ...CHANNEL, events: ['hostStatus', 'alertGroup'] }]);
    assert.equal(found?.facts.problem, 'alerts-not-subscribed');
    assert.equal(found?.facts.channelId, 'ch-pipeline');
  });

  it('flags a suspended channel with the time Mackerel suspended it, and never keeps the URL', () => {
    const found = findingFor([{ ...CHANNEL, suspendedAt: 1_767_000_000 }]);
    assert.equal(found?.facts.problem, 'suspended');
    assert.equal(found?.facts.suspendedAt, 1_767_000_000);
    assert.ok(!JSON.stringify(found).includes('secret-token-123'));
  });

  it('changes from missing to suspended, and clears when fixed', () => {
    const [, second, third] = rounds([
      ok(BASE, []),
      ok(BASE, [{ ...CHANNEL, suspendedAt: 1_767_000_000 }]),
      ok(BASE),
    ]);
    assert.equal(second?.changes.changed.length, 1);
    assert.deepEqual(keys(third?.changes.cleared ?? []), ['webhook-channel']);
  });
});

describe('key and availability', () => {
  const troubled = ok([host('h1'), host('h2'), host('h3'), host('h4'), host('h5')], []);

  it('an invalid, forbidden or missing key is a critical finding at once; a good round clears it', () => {
    for (const errorKind of ['invalid-key', 'forbidden', 'no-key'] as const) {
      const [first, second] = rounds([failed(errorKind), ok(BASE)]);
      const found = first?.changes.appeared[0];
      assert.ok(found?.kind === 'api-key');
      assert.equal(found.facts.errorKind, errorKind);
      assert.equal(found.severity, 'critical');
      assert.deepEqual(keys(second?.changes.cleared ?? []), ['api-key']);
    }
  });

  it('a key problem or a mismatched org that turns into another is a change', () => {
    const [, keyChange] = rounds([failed('invalid-key'), failed('forbidden')]);
    assert.equal(keyChange?.changes.changed[0]?.finding.key, 'api-key');
    const [, orgChange] = rounds([ok(BASE, [CHANNEL], 'other-org'), ok(BASE, [CHANNEL], 'third-org')]);
    assert.equal(orgChange?.changes.changed[0]?.finding.key, 'org-mismatch');
  });

  it('a failed round clears no host or channel finding it could not check', () => {
    const [, second, third] = rounds([troubled, failed('invalid-key'), failed('unavailable')]);
    assert.deepEqual(second?.changes.cleared, []);
    // The passing failure cannot tell whether the key is still bad, so that finding stands too.
    assert.deepEqual(keys(second?.changes.appeared ?? []), ['api-key']);
    assert.deepEqual(third?.changes.cleared, []);
    assert.deepEqual(keys(third?.state.findings ?? []).sort(), ['api-key', 'host-quota', 'webhook-channel']);
    assert.equal(third?.result.audited, false);
    assert.equal(third?.state.billable, 5, 'the last known count is kept');
    assert.equal(third?.state.lastAuditedAt, T0 / 1000);
  });

  it('a passing failure is a finding only after three failed rounds in a row', () => {
    const all = rounds([
      ok(BASE),
      failed('timeout'),
      failed('unavailable'),
      failed('rate-limited'),
      failed('timeout'),
      ok(BASE),
    ]);
    assert.equal(hasMailableChanges(all[1]?.changes ?? assert.fail()), false);
    assert.equal(hasMailableChanges(all[2]?.changes ?? assert.fail()), false);
    const found = all[3]?.changes.appeared[0];
    assert.ok(found?.kind === 'audit-failing');
    assert.deepEqual(found.facts, {
      errorKind: 'rate-limited',
      consecutiveFailures: 3,
      failingSince: hour(1).getTime() / 1000,
    });
    assert.equal(
      hasMailableChanges(all[4]?.changes ?? assert.fail()),
      false,
      'a fourth failure is no new mail',
    );
    const standing = all[4]?.state.findings[0];
    assert.equal(standing?.kind === 'audit-failing' && standing.facts.consecutiveFailures, 4);
    assert.deepEqual(keys(all[5]?.changes.cleared ?? []), ['audit-failing']);
  });

  it('a successful round in between starts the count again; the threshold is configurable', () => {
    const all = rounds([
      failed('timeout'),
      failed('timeout'),
      ok(BASE),
      failed('timeout'),
      failed('timeout'),
    ]);
    assert.ok(all.every((r) => !r.state.findings.some((f) => f.kind === 'audit-failing')));
    const eager = advanceOrgAudit(null, {
      org: ORG,
      observation: failed('timeout'),
      now: hour(0),
      options: { transientFailureThreshold: 1 },
    });
    assert.deepEqual(keys(eager.changes.appeared), ['audit-failing']);
  });

  it('a key that names another org is critical at once and leaves host findings standing', () => {
    const [, second, third] = rounds([
      troubled,
      ok([], [], 'other-org'),
      ok([host('h1')], [CHANNEL], 'acme-prod'),
    ]);
    const found = second?.changes.appeared[0];
    assert.ok(found?.kind === 'org-mismatch');
    assert.deepEqual(found.facts, { expectedOrg: 'acme-prod', actualOrg: 'other-org' });
    assert.deepEqual(second?.changes.cleared, []);
    assert.equal(second?.result.billable, null);
    assert.deepEqual(Object.keys(second?.state.snapshot?.hosts ?? {}), ['h1', 'h2', 'h3', 'h4', 'h5']);
    assert.deepEqual(keys(third?.changes.cleared ?? []).sort(), [
      'host-quota',
      'org-mismatch',
      'webhook-channel',
    ]);
  });
});

describe('monitor drift', () => {
  const cpu: MonitorSpec = {
    type: 'host',
    name: 'CPU',
    metric: 'cpu%',
    operator: '>',
    warning: 80,
    duration: 5,
  };
  const desired = [{ set: 'baseline', spec: cpu }];
  const withMonitors = (monitors: AuditMonitor[]): AuditObservation => ({
    kind: 'ok',
    orgName: 'acme-prod',
    hosts: BASE,
    channels: [CHANNEL],
    monitors,
  });
  const drifted = (round: OrgAuditRound) => round.state.findings.filter((f) => f.kind === 'monitor-drift');

  it('appears on a drift round, stands through rounds that do not check, clears on the next check', () => {
    const first = advanceOrgAudit(null, { org: ORG, observation: ok(BASE), now: hour(0) });
    const edited = advanceOrgAudit(first.state, {
      org: ORG,
      observation: withMonitors([{ id: 'm1', ...cpu, warning: 99 }]),
      now: hour(1),
      driftCheck: { desired },
    });
    assert.deepEqual(
      edited.changes.appeared.map((f) => [f.key, f.kind === 'monitor-drift' && f.facts]),
      [['monitor-drift:CPU', { monitor: 'CPU', problem: 'changed', fields: ['warning'] }]],
    );
    assert.equal(edited.state.driftCheckedAt, hour(1).getTime() / 1000);
    const quiet = advanceOrgAudit(edited.state, { org: ORG, observation: ok(BASE), now: hour(2) });
    assert.equal(drifted(quiet).length, 1, 'a round without the check clears nothing');
    assert.equal(quiet.state.driftCheckedAt, edited.state.driftCheckedAt);
    const fixed = advanceOrgAudit(quiet.state, {
      org: ORG,
      observation: withMonitors([{ id: 'm1', ...cpu }]),
      now: hour(3),
      driftCheck: { desired },
    });
    assert.deepEqual(
      fixed.changes.cleared.map((f) => f.key),
      ['monitor-drift:CPU'],
    );
  });

  it('a muted monitor changes the finding (mailed again); a failed round keeps it', () => {
    const edited = advanceOrgAudit(null, {
      org: ORG,
      observation: withMonitors([{ id: 'm1', ...cpu, warning: 99 }]),
      now: hour(0),
      driftCheck: { desired },
    });
    const muted = advanceOrgAudit(edited.state, {
      org: ORG,
      observation: withMonitors([{ id: 'm1', ...cpu, warning: 99, isMute: true }]),
      now: hour(1),
      driftCheck: { desired },
    });
    assert.deepEqual(
      muted.changes.changed.map((c) => c.finding.kind === 'monitor-drift' && c.finding.facts.problem),
      ['muted'],
    );
    const down = advanceOrgAudit(muted.state, { org: ORG, observation: failed('unavailable'), now: hour(2) });
    assert.equal(drifted(down).length, 1);
  });
});

describe('stored shapes', () => {
  it('findings and the org state parse with their schemas (they live in Firestore)', () => {
    const grown = [...BASE, host('h3', { addresses: ['192.0.2.1'] })];
    const all = rounds([ok(BASE, []), ok(grown, []), failed('timeout')]);
    for (const round of all) {
      assert.deepEqual(orgAuditStateSchema.parse(round.state), round.state);
      for (const f of round.state.findings) assert.deepEqual(findingSchema.parse(f), f);
    }
    assert.ok(last(all).state.findings.length >= 3);
  });
});
