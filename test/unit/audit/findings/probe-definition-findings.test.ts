import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditObservation } from '../../../../shared/audit/audit-observation';
import type { OrgAuditFacts } from '../../../../shared/audit/findings/audit-org';
import { type Finding, type FindingOf, findingSchema } from '../../../../shared/audit/findings/finding';
import { findingDetail } from '../../../../shared/audit/findings/finding-detail';
import { findingFingerprint } from '../../../../shared/audit/findings/finding-fingerprint';
import {
  PROBE_ROUND_FRESH_SECONDS,
  PROBE_ROUND_GONE_SECONDS,
  type ProbeDefinitionCheck,
  probeDefinitionCheck,
  probeDefinitionFindings,
} from '../../../../shared/audit/findings/probe-definition-findings';
import { advanceOrgAudit, type OrgAuditState } from '../../../../shared/audit/org-audit-state';
import type { StoredRound } from '../../../../shared/probes/probe-ports';
import type { ProbeProblemRecord, ProbeRoundRecord } from '../../../../shared/probes/probe-round-record';

const ORG: OrgAuditFacts = {
  name: 'acme-prod',
  declaredNetworks: [],
  webhookUrlPrefix: 'https://intake.example.com/hooks/mackerel',
};
const T0 = Date.parse('2026-01-05T00:00:00Z');
const AT = T0 / 1000;
const hour = (n: number): Date => new Date(T0 + n * 3_600_000);

const OK: AuditObservation = {
  kind: 'ok',
  orgName: 'acme-prod',
  hosts: [],
  channels: [
    {
      id: 'ch',
      name: 'pipeline',
      type: 'webhook',
      url: 'https://intake.example.com/hooks/mackerel/token',
      events: ['alert'],
      suspendedAt: null,
    },
  ],
};

const missing = (probeId: string, hostId: string): ProbeProblemRecord => ({
  kind: 'host-missing',
  probeId,
  hostId,
  message: `host ${hostId} no longer exists in the org`,
});
const template = (probeId: string, hostId: string, field = 'url'): ProbeProblemRecord => ({
  kind: 'template',
  probeId,
  hostId,
  field,
  placeholder: '{{host.customIdentifier}}',
  message: `web (${hostId}) has no customIdentifier`,
});

function record(problems: ProbeProblemRecord[], overrides: Partial<ProbeRoundRecord> = {}): ProbeRoundRecord {
  return {
    org: 'acme-prod',
    chunk: 0,
    chunks: 1,
    roundAt: AT,
    startedAtMs: T0,
    finishedAt: AT + 2,
    targets: 3,
    ok: 3,
    failed: 0,
    elapsedMs: 120,
    maxInFlight: 3,
    failures: [],
    problems,
    problemCount: problems.length,
    posted: 3,
    buffer: [],
    droppedPoints: 0,
    rejectedPoints: 0,
    postError: null,
    ...overrides,
  };
}
const stored = (r: ProbeRoundRecord | null): StoredRound => ({ record: r, version: '1' });
const checked = (problems: ProbeProblemRecord[]): ProbeDefinitionCheck => ({ problems, complete: true });

const probeFindings = (findings: readonly Finding[]) =>
  findings.filter((f): f is FindingOf<'probe-definition'> => f.kind === 'probe-definition');

describe('probeDefinitionFindings', () => {
  it('one warning per probe with problems, its hosts by id, each with its problem', () => {
    const drafts = probeDefinitionFindings([
      template('web', 'h2'),
      missing('web', 'h1'),
      missing('dns', 'h9'),
    ]);
    assert.deepEqual(drafts, [
      {
        key: 'probe-definition:dns',
        kind: 'probe-definition',
        severity: 'warning',
        expiresAt: null,
        facts: {
          probeId: 'dns',
          problems: [
            {
              hostId: 'h9',
              kind: 'host-missing',
              field: null,
              placeholder: null,
              message: 'host h9 no longer exists in the org',
            },
          ],
          hostCount: 1,
        },
      },
      {
        key: 'probe-definition:web',
        kind: 'probe-definition',
        severity: 'warning',
        expiresAt: null,
        facts: {
          probeId: 'web',
          problems: [
            {
              hostId: 'h1',
              kind: 'host-missing',
              field: null,
              placeholder: null,
              message: 'host h1 no longer exists in the org',
            },
            {
              hostId: 'h2',
              kind: 'template',
              field: 'url',
              placeholder: '{{host.customIdentifier}}',
              message: 'web (h2) has no customIdentifier',
            },
          ],
          hostCount: 2,
        },
      },
    ]);
  });

  it('lists at most 10 hosts and counts them all; each host once', () => {
    const hosts = Array.from({ length: 14 }, (_, i) => `h${String(i).padStart(2, '0')}`);
    const [draft, ...others] = probeDefinitionFindings([
      ...hosts.map((h) => missing('web', h)),
      template('web', 'h00'),
    ]);
    assert.deepEqual(others, []);
    assert.ok(draft);
    assert.equal(draft.facts.hostCount, 14);
    assert.deepEqual(
      draft.facts.problems.map((p) => [p.hostId, p.kind]),
      hosts.slice(0, 10).map((h) => [h, 'host-missing']),
    );
    // Stored in orgAudits: the finding parses with its schema.
    const finding = { ...draft, firstSeenAt: AT, lastSeenAt: AT };
    assert.deepEqual(findingSchema.parse(finding), finding);
    assert.match(
      findingDetail(finding),
      /^probe web on 14 hosts: h00: host h00 no longer exists in the org; /,
    );
    assert.match(findingDetail(finding), /; … and 4 more$/);
  });

  it('no problems, no findings', () => {
    assert.deepEqual(probeDefinitionFindings([]), []);
  });
});

describe('probeDefinitionCheck', () => {
  it('a recent record is a check of its problems', () => {
    const problems = [missing('web', 'h1')];
    assert.deepEqual(probeDefinitionCheck(stored(record(problems)), AT + 60), { problems, complete: true });
    assert.deepEqual(
      probeDefinitionCheck(stored(record(problems)), AT + PROBE_ROUND_FRESH_SECONDS)?.problems,
      problems,
    );
  });

  it('a stale record (probes stopped or deleted) or one that does not parse checks nothing', () => {
    assert.equal(probeDefinitionCheck(stored(record([])), AT + PROBE_ROUND_FRESH_SECONDS + 1), null);
    assert.deepEqual(
      probeDefinitionCheck(stored(record([])), AT + PROBE_ROUND_GONE_SECONDS + 1),
      { problems: [], complete: true },
      'a day old: the probes are gone, their findings clear',
    );
    assert.equal(probeDefinitionCheck(stored(record([missing('web', 'h1')])), AT + 3600), null);
    assert.equal(probeDefinitionCheck(stored(null), AT), null);
  });

  it('no record at all: the org has no probe problems', () => {
    assert.deepEqual(probeDefinitionCheck(null, AT), { problems: [], complete: true });
  });

  it('a capped list is not complete (probes left out may have problems)', () => {
    const capped = record([missing('web', 'h1')], { problemCount: 60 });
    assert.equal(probeDefinitionCheck(stored(capped), AT)?.complete, false);
  });
});

describe('probe definitions in the audit round', () => {
  const round = (previous: OrgAuditState | null, n: number, check: ProbeDefinitionCheck | null) =>
    advanceOrgAudit(previous, { org: ORG, observation: OK, now: hour(n), probeDefinitions: check });

  it('appears once, stands through stale rounds, clears when the record has none', () => {
    const first = round(null, 0, checked([missing('web', 'h1')]));
    assert.deepEqual(
      first.changes.appeared.map((f) => f.key),
      ['probe-definition:web'],
    );
    const again = round(first.state, 1, checked([missing('web', 'h1')]));
    assert.deepEqual([again.changes.appeared, again.changes.changed, again.changes.cleared], [[], [], []]);
    const stale = round(again.state, 2, null);
    assert.deepEqual(stale.changes.cleared, [], 'a stale record clears nothing');
    assert.deepEqual(
      probeFindings(stale.state.findings).map((f) => f.key),
      ['probe-definition:web'],
    );
    assert.equal(probeFindings(stale.state.findings)[0]?.firstSeenAt, AT);
    const fixed = round(stale.state, 3, checked([]));
    assert.deepEqual(
      fixed.changes.cleared.map((f) => f.key),
      ['probe-definition:web'],
    );
    assert.deepEqual(probeFindings(fixed.state.findings), []);
  });

  it('no record at all clears standing probe-definition findings', () => {
    const first = round(null, 0, checked([missing('web', 'h1'), missing('dns', 'h2')]));
    const gone = round(first.state, 1, probeDefinitionCheck(null, hour(1).getTime() / 1000));
    assert.deepEqual(
      gone.changes.cleared.map((f) => f.key),
      ['probe-definition:dns', 'probe-definition:web'],
    );
  });

  it('fixing one probe clears just that one', () => {
    const first = round(null, 0, checked([missing('web', 'h1'), missing('dns', 'h2')]));
    const next = round(first.state, 1, checked([missing('dns', 'h2')]));
    assert.deepEqual(
      next.changes.cleared.map((f) => f.key),
      ['probe-definition:web'],
    );
    assert.deepEqual(next.changes.changed, []);
  });

  it('another host failing is a change (mailed again); a reworded message is not', () => {
    const first = round(null, 0, checked([missing('web', 'h1')]));
    const more = round(first.state, 1, checked([missing('web', 'h1'), missing('web', 'h2')]));
    assert.deepEqual(
      more.changes.changed.map((c) => c.finding.key),
      ['probe-definition:web'],
    );
    const reworded = round(
      more.state,
      2,
      checked([missing('web', 'h1'), { ...missing('web', 'h2'), message: 'x' }]),
    );
    assert.deepEqual(reworded.changes.changed, []);
    const otherField = round(
      reworded.state,
      3,
      checked([template('web', 'h1', 'url'), missing('web', 'h2')]),
    );
    assert.equal(otherField.changes.changed.length, 1, 'host-missing -> template is a change');
  });

  it('a capped record adds and updates what it lists, and clears nothing', () => {
    const first = round(null, 0, checked([missing('web', 'h1'), missing('dns', 'h2')]));
    const capped = round(first.state, 1, {
      problems: [missing('dns', 'h2'), missing('tcp', 'h3')],
      complete: false,
    });
    assert.deepEqual(
      capped.changes.appeared.map((f) => f.key),
      ['probe-definition:tcp'],
    );
    assert.deepEqual(capped.changes.cleared, []);
    assert.deepEqual(
      probeFindings(capped.state.findings).map((f) => f.key),
      ['probe-definition:dns', 'probe-definition:tcp', 'probe-definition:web'],
    );
  });

  it('a round that cannot audit the org (a failed key) leaves them standing', () => {
    const first = round(null, 0, checked([missing('web', 'h1')]));
    const down = advanceOrgAudit(first.state, {
      org: ORG,
      observation: { kind: 'failed', errorKind: 'invalid-key' },
      now: hour(1),
      probeDefinitions: checked([]),
    });
    assert.deepEqual(down.changes.cleared, []);
    assert.equal(probeFindings(down.state.findings).length, 1);
  });
});

describe('the probe-definition fingerprint', () => {
  const finding = (problems: ProbeProblemRecord[]): Finding => {
    const [draft] = probeDefinitionFindings(problems);
    assert.ok(draft);
    return { ...draft, firstSeenAt: AT, lastSeenAt: AT };
  };

  it('changes with the hosts, their problem kind or field, and the host count', () => {
    const base = findingFingerprint(finding([missing('web', 'h1')]));
    assert.notEqual(findingFingerprint(finding([missing('web', 'h2')])), base);
    assert.notEqual(findingFingerprint(finding([missing('web', 'h1'), missing('web', 'h2')])), base);
    assert.notEqual(findingFingerprint(finding([template('web', 'h1')])), base);
    assert.notEqual(
      findingFingerprint(finding([template('web', 'h1', 'url')])),
      findingFingerprint(finding([template('web', 'h1', 'headers')])),
    );
  });

  it('is the same whatever order the record lists them in, and whatever the message says', () => {
    assert.equal(
      findingFingerprint(finding([missing('web', 'h1'), template('web', 'h2')])),
      findingFingerprint(finding([template('web', 'h2'), { ...missing('web', 'h1'), message: 'gone' }])),
    );
  });
});
