import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Finding, findingSchema } from '../../../../shared/audit/findings/finding';
import { type OrgAuditState, orgAuditStateSchema } from '../../../../shared/audit/org-audit-state';
import { ageInDays, channelHealthOf } from '../../../../shared/console/views/org-overview';

const audit = (lastAuditedAt: number | null, findings: Finding[]): OrgAuditState =>
  orgAuditStateSchema.parse({
    org: 'acme',
    snapshot: null,
    failureStreak: null,
    findings,
    lastRoundAt: 1_773_000_600,
    lastAuditedAt,
    billable: lastAuditedAt === null ? null : 12,
  });

const quotaFinding = findingSchema.parse({
  key: 'host-quota',
  severity: 'warning',
  firstSeenAt: 1_772_000_000,
  lastSeenAt: 1_773_000_000,
  expiresAt: null,
  kind: 'host-quota',
  facts: { band: 'warn', billable: 85, warn: 80, max: 100 },
});

const channelFinding = findingSchema.parse({
  key: 'webhook-channel',
  severity: 'critical',
  firstSeenAt: 1_772_500_000,
  lastSeenAt: 1_773_000_000,
  expiresAt: null,
  kind: 'webhook-channel',
  facts: { problem: 'suspended', channelId: 'ch-1', channelName: 'msp-intake', suspendedAt: 1_772_400_000 },
});

describe('channelHealthOf', () => {
  it('is unknown without an audit state, or before any round audited the org', () => {
    assert.deepEqual(channelHealthOf(null), { state: 'unknown' });
    assert.deepEqual(channelHealthOf(undefined), { state: 'unknown' });
    assert.deepEqual(channelHealthOf(audit(null, [])), { state: 'unknown' });
    // Even a finding left from somewhere does not count before an audit.
    assert.deepEqual(channelHealthOf(audit(null, [channelFinding])), { state: 'unknown' });
  });

  it('is the standing webhook-channel finding: its problem, since it was first seen', () => {
    assert.deepEqual(channelHealthOf(audit(1_773_000_000, [quotaFinding, channelFinding])), {
      state: 'problem',
      problem: 'suspended',
      since: 1_772_500_000,
    });
  });

  it('is ok as of the last audit when no webhook-channel finding stands (other findings do not count)', () => {
    assert.deepEqual(channelHealthOf(audit(1_773_000_000, [quotaFinding])), {
      state: 'ok',
      checkedAt: 1_773_000_000,
    });
    assert.deepEqual(channelHealthOf(audit(1_773_000_000, [])), { state: 'ok', checkedAt: 1_773_000_000 });
  });
});

describe('ageInDays', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it('counts whole days, rounding down, never below zero', () => {
    assert.equal(ageInDays('2026-03-10T00:00:00Z', now), 0);
    assert.equal(ageInDays('2026-03-09T12:00:00Z', now), 1);
    assert.equal(ageInDays('2026-03-09T12:00:01Z', now), 0);
    assert.equal(ageInDays('2026-02-08T12:00:00+00:00', now), 30);
    assert.equal(ageInDays('2026-03-11T00:00:00Z', now), 0);
  });
});
