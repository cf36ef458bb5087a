import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditRequestSchema, planAuditRound } from '../../../shared/audit/audit-round-plan';
import { METRIC_NAME, selfWatchMetrics } from '../../../shared/audit/self-watch-metrics';

describe('selfWatchMetrics', () => {
  const stats = {
    orgsAudited: 68,
    orgsFailed: 2,
    eventsAcceptedLastHour: 1234,
    backlogSize: 0,
    deadLetters: 1,
    roundSeconds: 41.5,
  };
  const points = selfWatchMetrics(stats, new Date('2026-01-05T01:00:30.900Z'), { 'mackerel-events': 1 });

  it('posts one point per statistic, at the round time in epoch seconds', () => {
    assert.deepEqual(points.slice(0, 6), [
      { name: 'msp-pipeline.audit.orgs_audited', time: 1767574830, value: 68 },
      { name: 'msp-pipeline.audit.orgs_failed', time: 1767574830, value: 2 },
      { name: 'msp-pipeline.audit.round_seconds', time: 1767574830, value: 41.5 },
      { name: 'msp-pipeline.intake.events_accepted_last_hour', time: 1767574830, value: 1234 },
      { name: 'msp-pipeline.intake.backlog_size', time: 1767574830, value: 0 },
      { name: 'msp-pipeline.dead_letters.pending', time: 1767574830, value: 1 },
    ]);
  });

  it('counts dead letters per worker topic, every topic present so a monitor sees zeros too', () => {
    const perTopic = Object.fromEntries(
      points
        .filter((p) => p.name.startsWith('msp-pipeline.dead_letters.') && !p.name.endsWith('.pending'))
        .map((p) => [p.name, p.value]),
    );
    assert.equal(perTopic['msp-pipeline.dead_letters.mackerel-events'], 1);
    assert.equal(perTopic['msp-pipeline.dead_letters.notifications'], 0);
    assert.equal(Object.keys(perTopic).length, 9);
    assert.equal(perTopic['msp-pipeline.dead_letters.probe-requests'], 0);
  });

  it('uses only names Mackerel accepts', () => {
    for (const p of points) assert.match(p.name, METRIC_NAME);
    assert.doesNotMatch('msp pipeline/orgs', METRIC_NAME);
  });
});

describe('planAuditRound', () => {
  const orgs = [
    { name: 'zeta', enabled: true },
    { name: 'acme-prod', enabled: true },
    { name: 'paused', enabled: false },
  ];

  it('fans the schedule out to enabled orgs only, in name order', () => {
    assert.deepEqual(planAuditRound({ reason: 'schedule' }, orgs), {
      kind: 'fan-out',
      orgs: ['acme-prod', 'zeta'],
    });
    assert.deepEqual(planAuditRound({ reason: 'schedule' }, []), { kind: 'fan-out', orgs: [] });
  });

  it('audits one org on demand, on a host registering, or as its share of a round', () => {
    const requests = [
      { reason: 'on-demand', org: 'zeta' },
      { reason: 'hostRegister', org: 'zeta', hostId: '3Xyz' },
      { reason: 'round', org: 'zeta', roundStartedAt: '2026-01-05T00:00:00Z' },
    ];
    for (const request of requests) {
      const parsed = auditRequestSchema.parse(request);
      assert.ok(parsed.reason !== 'daily-summary');
      assert.deepEqual(planAuditRound(parsed, orgs), { kind: 'audit', org: 'zeta' });
    }
  });

  it('skips a disabled or unknown org', () => {
    assert.deepEqual(planAuditRound({ reason: 'on-demand', org: 'paused' }, orgs), {
      kind: 'skip',
      org: 'paused',
      why: 'disabled',
    });
    assert.deepEqual(planAuditRound({ reason: 'hostRegister', org: 'gone', hostId: 'h' }, orgs), {
      kind: 'skip',
      org: 'gone',
      why: 'unknown-org',
    });
  });

  it('rejects a request that names no org or an unknown reason', () => {
    assert.equal(auditRequestSchema.safeParse({ reason: 'on-demand' }).success, false);
    assert.equal(auditRequestSchema.safeParse({ reason: 'everything' }).success, false);
    assert.equal(auditRequestSchema.safeParse({ reason: 'daily-summary' }).success, true);
  });
});
