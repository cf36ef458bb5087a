import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { firestoreOrgAudits } from '../../../shared/audit/adapters/firestore-org-audits';
import { auditRequestSchema } from '../../../shared/audit/audit-round-plan';
import type { Finding } from '../../../shared/audit/findings/finding';
import { TOPICS } from '../../../shared/kernel/topology';
import { type CliBackends, startCliBackends } from '../../support/cli-harness';

let cli: CliBackends;
const T0 = 1_767_225_600;
const seen = { firstSeenAt: T0, lastSeenAt: T0 + 3600, expiresAt: null };

const FINDINGS: Record<string, Finding[]> = {
  acme: [
    { ...seen, key: 'api-key', kind: 'api-key', severity: 'critical', facts: { errorKind: 'invalid-key' } },
    {
      ...seen,
      key: 'host-quota',
      kind: 'host-quota',
      severity: 'warning',
      facts: { band: 'warn', billable: 9, warn: 8, max: 10 },
    },
  ],
  beta: [],
};

before(async () => {
  cli = await startCliBackends();
  for (const [name, enabled] of [
    ['acme', true],
    ['beta', false],
  ] as const) {
    await cli.addOrg(name, enabled);
    await firestoreOrgAudits(cli.db).put({
      org: name,
      snapshot: null,
      failureStreak: null,
      findings: FINDINGS[name] ?? [],
      lastRoundAt: T0 + 3600,
      lastAuditedAt: T0 + 3600,
      billable: 9,
    });
  }
});
after(() => cli?.stop());

const published = () =>
  cli.pubsub.publishedTo(TOPICS.auditRequests).map((m) => ({
    request: auditRequestSchema.parse(JSON.parse(m.data.toString('utf8'))),
    attributes: m.attributes,
  }));

const findingsSchema = z.object({
  findings: z.array(z.object({ org: z.string(), kind: z.string(), severity: z.string() })),
  auditedOrgs: z.number(),
});

describe('msp-ops audit', () => {
  it('publishes a round of every org, or one org on demand, on audit-requests', async () => {
    const round = z
      .object({ messageId: z.string(), correlationId: z.string() })
      .parse(await cli.json(['audit', 'run']));
    const one = await cli.run(['audit', 'run', '--org', 'acme']);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /Requested an audit of org acme \(message \S+, correlationId msp-ops-/);
    const messages = published();
    assert.deepEqual(
      messages.map((m) => m.request),
      [{ reason: 'schedule' }, { reason: 'on-demand', org: 'acme' }],
    );
    assert.equal(messages[0]?.attributes.correlationId, round.correlationId);
    assert.equal(messages[1]?.attributes.org, 'acme');
  });

  it('publishes nothing for a disabled org (exit 1) or without a local Pub/Sub in a local session (exit 2)', async () => {
    const disabled = await cli.run(['audit', 'run', '--org', 'beta']);
    assert.equal(disabled.code, 1);
    assert.match(disabled.stderr, /org beta is disabled/);
    const noPubSub = await cli.run(['audit', 'run'], { env: { PUBSUB_EMULATOR_HOST: undefined } });
    assert.equal(noPubSub.code, 2);
    assert.match(noPubSub.stderr, /PUBSUB_EMULATOR_HOST/);
    assert.equal(published().length, 2);
  });

  it('lists standing findings worst first, by severity and org', async () => {
    const all = findingsSchema.parse(await cli.json(['audit', 'findings']));
    assert.deepEqual(
      all.findings.map((f) => `${f.org}/${f.kind}/${f.severity}`),
      ['acme/api-key/critical', 'acme/host-quota/warning'],
    );
    assert.equal(all.auditedOrgs, 2);
    const critical = findingsSchema.parse(await cli.json(['audit', 'findings', '--severity', 'critical']));
    assert.equal(critical.findings.length, 1);
    const table = await cli.run(['audit', 'findings', '--org', 'acme']);
    assert.match(table.stdout, /^acme\s+warning\s+host-quota\s+9 billable hosts \(warn: warn 8, max 10\)/m);
    const bad = await cli.run(['audit', 'findings', '--severity', 'severe']);
    assert.equal(bad.code, 2);
  });
});
