import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FindingChanges } from '../../../../shared/audit/findings/diff-findings';
import { type Finding, findingSchema } from '../../../../shared/audit/findings/finding';
import { probeDefinitionFindings } from '../../../../shared/audit/findings/probe-definition-findings';
import { auditSummaryMail, type SummaryOrg } from '../../../../shared/audit/mail/audit-summary-mail';
import { orgChangeMail } from '../../../../shared/audit/mail/org-change-mail';
import type { OrgAuditState } from '../../../../shared/audit/org-audit-state';
import { LANGUAGES } from '../../../../shared/notify/message/notification-message';
import { type ReportContent, reportContentSchema } from '../../../../shared/notify/message/report-content';

const NOW = new Date('2026-01-05T01:00:00Z'); // 10:00 JST
const AT = NOW.getTime() / 1000;
const ORG = { name: 'acme-prod', displayName: 'Acme Production', declaredNetworks: ['10.0.0.0/8'] };

const seen = { firstSeenAt: AT, lastSeenAt: AT, expiresAt: null };
const quota = (billable: number, band: 'warn' | 'over'): Finding =>
  findingSchema.parse({
    ...seen,
    key: 'host-quota',
    kind: 'host-quota',
    severity: band === 'over' ? 'critical' : 'warning',
    facts: { band, billable, warn: 35, max: 40 },
  });
const hostFacts = (id: string, name = `web-${id}`) => ({
  id,
  name,
  status: 'working',
  createdAt: AT - 3600, // 09:00 JST
  agentVersion: '0.80.0',
  cloudProvider: 'ec2',
  addresses: ['10.0.0.5', '2001:db8::5'],
});
const newHost = (id: string, name?: string): Finding =>
  findingSchema.parse({
    ...seen,
    expiresAt: AT + 90_000,
    key: `new-host:${id}`,
    kind: 'new-host',
    severity: 'warning',
    facts: { host: hostFacts(id, name) },
  });
const outside = (id: string, name?: string): Finding =>
  findingSchema.parse({
    ...seen,
    key: `host-outside-networks:${id}`,
    kind: 'host-outside-networks',
    severity: 'warning',
    facts: { host: hostFacts(id, name), outsideAddresses: ['2001:db8::5'] },
  });
const channel = (problem: 'missing' | 'suspended'): Finding =>
  findingSchema.parse({
    ...seen,
    key: 'webhook-channel',
    kind: 'webhook-channel',
    severity: 'critical',
    facts: {
      problem,
      channelId: 'ch1',
      channelName: 'pipeline',
      suspendedAt: problem === 'suspended' ? AT : null,
    },
  });

const probe = (
  probeId: string,
  hostIds: readonly string[],
  message = (h: string) => `host ${h} no longer exists in the org`,
): Finding => {
  const [draft] = probeDefinitionFindings(
    hostIds.map((hostId) => ({ kind: 'host-missing', probeId, hostId, message: message(hostId) })),
  );
  assert.ok(draft);
  return findingSchema.parse({ ...draft, firstSeenAt: AT, lastSeenAt: AT });
};

function changes(parts: Partial<FindingChanges>): FindingChanges {
  const c = { appeared: [], changed: [], cleared: [], expired: [], ...parts };
  return { ...c, standing: parts.standing ?? [...c.appeared, ...c.changed.map((x) => x.finding)] };
}

function valid(report: ReportContent | null): ReportContent {
  assert.ok(report);
  return reportContentSchema.parse(report);
}

const input = (c: FindingChanges, language: 'en' | 'ja' = 'en') => ({
  org: { ...ORG, hostQuota: { warn: 35, max: 40 } },
  changes: c,
  billable: 43,
  now: NOW,
  language,
});

describe('orgChangeMail', () => {
  const round = changes({ appeared: [quota(43, 'over'), newHost('h1'), newHost('h2', 'batch01')] });

  it('names the worst severity and every change in the subject, in both languages', () => {
    assert.equal(
      valid(orgChangeMail(input(round))).subject,
      '[CRITICAL] acme-prod: host quota over (43/40), 2 new hosts',
    );
    assert.equal(
      valid(orgChangeMail(input(round, 'ja'))).subject,
      '[CRITICAL] acme-prod: ホスト数が契約上限超過 (43/40)、新規ホスト 2 台',
    );
  });

  it('renders valid report content in ja and en with the facts of each new host', () => {
    for (const language of LANGUAGES) {
      const report = valid(orgChangeMail(input(round, language)));
      assert.equal(report.severity, 'critical');
      const hosts = report.tables[1];
      assert.ok(hosts);
      assert.deepEqual(hosts.rows[0], [
        'web-h1',
        'h1',
        '2026-01-05 09:00',
        '0.80.0',
        language === 'en' ? '10.0.0.5, 2001:db8::5' : '10.0.0.5、2001:db8::5',
        'ec2',
      ]);
      assert.equal(report.tables[0]?.rows.length, 3);
      assert.equal(report.notes.length, 2, 'the leaked-key hint joins the cadence note');
    }
  });

  it('states the billable count against quota and the declared networks', () => {
    const report = valid(orgChangeMail(input(round)));
    assert.deepEqual(
      report.facts.map((f) => f.value),
      ['acme-prod (Acme Production)', '2026-01-05 10:00 JST', '43 (warn 35, max 40)', '10.0.0.0/8', '3'],
    );
  });

  it('shows what a changed finding was', () => {
    const report = valid(
      orgChangeMail(
        input(changes({ changed: [{ finding: channel('suspended'), previous: channel('missing') }] })),
      ),
    );
    assert.equal(report.subject, '[CRITICAL] acme-prod: webhook channel suspended');
    const row = report.tables[0]?.rows[0];
    assert.equal(row?.[0], 'changed');
    assert.match(row?.[3] ?? '', /\(was: webhook channel missing\)$/);
  });

  it('mails a resolution as OK / info, and findings with resolutions in one subject', () => {
    const resolved = valid(orgChangeMail(input(changes({ cleared: [quota(41, 'over')] }))));
    assert.equal(resolved.subject, '[OK] acme-prod: resolved: host quota');
    assert.equal(resolved.severity, 'info');
    const both = valid(
      orgChangeMail(input(changes({ appeared: [outside('h3')], cleared: [newHost('h1'), newHost('h2')] }))),
    );
    assert.equal(
      both.subject,
      '[WARNING] acme-prod: host web-h3 outside declared networks; resolved: 2 new hosts gone',
    );
    const ja = valid(
      orgChangeMail(input(changes({ appeared: [outside('h3')], cleared: [quota(41, 'over')] }), 'ja')),
    );
    assert.equal(ja.subject, '[WARNING] acme-prod: ホスト web-h3 が申告ネットワーク外 / 解消: ホスト数上限');
  });

  it('is null when nothing appeared, changed or cleared (standing and expired findings are not mailed)', () => {
    assert.equal(
      orgChangeMail(input(changes({ standing: [quota(43, 'over')], expired: [newHost('h1')] }))),
      null,
    );
  });

  it('caps long tables with an "and N more" row and keeps the subject within 300 characters', () => {
    const many = Array.from({ length: 120 }, (_, i) => newHost(`h${String(i).padStart(3, '0')}`));
    const report = valid(orgChangeMail(input(changes({ appeared: many }))));
    assert.equal(report.subject, '[WARNING] acme-prod: 120 new hosts');
    const hosts = report.tables[1];
    assert.equal(hosts?.rows.length, 51);
    assert.deepEqual(hosts?.rows[50], ['… and 70 more', '', '', '', '', '']);
    assert.equal(hosts?.rows[0]?.[1], 'h000', 'rows keep the sorted order');

    const long = 'x'.repeat(200);
    const wide = valid(
      orgChangeMail(input(changes({ appeared: [newHost('a', long)], cleared: [outside('b', long)] }))),
    );
    assert.equal(wide.subject.length, 300);
    assert.ok(wide.subject.endsWith('…'));
  });

  it('never carries a webhook URL', () => {
    const report = orgChangeMail(input(changes({ appeared: [channel('suspended')] })));
    assert.ok(!JSON.stringify(report).includes('http'));
  });
});

describe('orgChangeMail: probe definitions', () => {
  const template = findingSchema.parse({
    ...seen,
    key: 'probe-definition:web',
    kind: 'probe-definition',
    severity: 'warning',
    facts: {
      probeId: 'web',
      problems: [
        {
          hostId: 'h2',
          kind: 'template',
          field: 'url',
          placeholder: '{{host.customIdentifier}}',
          message: 'host web02 (h2) has no customIdentifier',
        },
      ],
      hostCount: 1,
    },
  });

  it('names the probe, its hosts and each problem, in both languages', () => {
    const en = valid(orgChangeMail(input(changes({ appeared: [probe('web', ['h1', 'h3'])] }))));
    assert.equal(en.subject, '[WARNING] acme-prod: probe definition needs attention (probe web): 2 hosts');
    assert.deepEqual(en.tables[0]?.rows[0]?.slice(1, 4), [
      'WARNING',
      'probe definition needs attention (probe web): 2 hosts',
      'probe web cannot run on 2 hosts: h1: host h1 no longer exists in the org; ' +
        'h3: host h3 no longer exists in the org. ' +
        'msp-ops probes list --org shows them; fix the definition with msp-ops probes set',
    ]);
    const ja = valid(orgChangeMail(input(changes({ appeared: [template] }), 'ja')));
    assert.equal(ja.subject, '[WARNING] acme-prod: 外形監視の定義に問題 (probe web): ホスト 1 台');
    assert.equal(
      ja.tables[0]?.rows[0]?.[3],
      '外形監視の定義に問題 (probe web): ホスト 1 台で実行できません: ' +
        'h2: host web02 (h2) has no customIdentifier [url]。' +
        'msp-ops probes list --org で確認し、probes set で定義を直してください',
    );
  });

  it('several probes in one subject; their resolution', () => {
    const two = changes({ appeared: [probe('dns', ['h1']), probe('web', ['h1'])] });
    assert.equal(
      valid(orgChangeMail(input(two))).subject,
      '[WARNING] acme-prod: 2 probe definitions need attention',
    );
    assert.equal(
      valid(orgChangeMail(input(two, 'ja'))).subject,
      '[WARNING] acme-prod: 定義に問題のある外形監視 2 件',
    );
    assert.equal(
      valid(orgChangeMail(input(changes({ cleared: [probe('web', ['h1'])] })))).subject,
      '[OK] acme-prod: resolved: probe web definition',
    );
    assert.equal(
      valid(orgChangeMail(input(changes({ cleared: [probe('web', ['h1'])] }), 'ja'))).subject,
      '[OK] acme-prod: 解消: 外形監視 (probe web) の定義',
    );
  });

  it('counts the hosts past ten, and long messages still fit a cell', () => {
    const many = probe(
      'web',
      Array.from({ length: 14 }, (_, i) => `h${String(i).padStart(2, '0')}`),
    );
    const en = valid(orgChangeMail(input(changes({ appeared: [many] }))));
    assert.match(
      en.tables[0]?.rows[0]?.[3] ?? '',
      /h09: host h09 no longer exists in the org; … and 4 more\. /,
    );
    const ja = valid(orgChangeMail(input(changes({ appeared: [many] }), 'ja')));
    assert.match(
      ja.tables[0]?.rows[0]?.[3] ?? '',
      /h09: host h09 no longer exists in the org \/ ほか 4 台。/,
    );

    const hosts = Array.from({ length: 25 }, (_, i) => `host-${'x'.repeat(80)}-${i}`);
    const long = probe('web', hosts, () => `https://${'a'.repeat(900)}.example is not usable`);
    for (const language of LANGUAGES) {
      const report = valid(
        orgChangeMail(input(changes({ changed: [{ finding: long, previous: template }] }), language)),
      );
      const details = report.tables[0]?.rows[0]?.[3] ?? '';
      const shown = details.split(': https://').length - 1;
      assert.ok(shown >= 1 && shown < 10, `${shown} hosts shown within the cell`);
      assert.ok(
        details.includes(language === 'en' ? `… and ${25 - shown} more.` : `ほか ${25 - shown} 台。`),
      );
    }
  });
});

describe('auditSummaryMail', () => {
  const ROUND = new Date('2026-01-05T00:00:00Z'); // 09:00 JST
  const roundAt = ROUND.getTime() / 1000;
  const state = (
    org: string,
    findings: Finding[],
    lastAuditedAt: number | null,
    billable: number | null,
  ): OrgAuditState => ({
    org,
    snapshot: null,
    failureStreak: null,
    findings,
    lastRoundAt: roundAt,
    lastAuditedAt,
    billable,
  });
  const orgs: SummaryOrg[] = [
    { name: 'zeta', state: state('zeta', [], roundAt, 3) },
    {
      name: 'acme-prod',
      hostQuota: { warn: 35, max: 40 },
      state: state('acme-prod', [newHost('h1'), quota(38, 'warn')], roundAt, 38),
    },
    { name: 'beta', state: state('beta', [], roundAt - 3600, 7) },
    { name: 'gamma', state: state('gamma', [channel('missing')], roundAt, 12) },
    { name: 'delta', state: null },
  ];
  const summary = (language: 'en' | 'ja', list = orgs) =>
    valid(
      auditSummaryMail({
        orgs: list,
        roundStartedAt: ROUND,
        now: new Date(ROUND.getTime() + 600_000),
        language,
      }),
    );

  it('lists orgs needing attention first, then by name; findings by org, worst first', () => {
    const report = summary('en');
    assert.deepEqual(
      report.tables[0]?.rows.map((r) => r[0]),
      ['gamma', 'acme-prod', 'beta', 'delta', 'zeta'],
    );
    assert.deepEqual(report.tables[0]?.rows[1], [
      'acme-prod',
      '38',
      '35',
      '40',
      '0',
      '2',
      '0',
      '2026-01-05 09:00',
    ]);
    assert.deepEqual(
      report.tables[1]?.rows.map((r) => [r[0], r[1], r[2]]),
      [
        ['acme-prod', 'WARNING', 'host quota near limit (38/40)'],
        ['acme-prod', 'WARNING', 'new host web-h1'],
        ['gamma', 'CRITICAL', 'webhook channel missing'],
      ],
    );
  });

  it('names the orgs the last round did not audit', () => {
    const report = summary('en');
    assert.equal(report.tables[2]?.caption, 'Orgs not audited in the last round');
    assert.deepEqual(report.tables[2]?.rows, [
      ['beta', '2026-01-05 08:00'],
      ['delta', 'never'],
    ]);
  });

  it('subjects and facts count findings and orgs, in both languages', () => {
    const en = summary('en');
    assert.equal(
      en.subject,
      '[CRITICAL] Mackerel org audit 2026-01-05: 1 critical, 2 warning, 0 info in 2 of 5 orgs; 2 orgs not audited',
    );
    assert.equal(en.facts.find((f) => f.label === 'Billable hosts, all orgs')?.value, '60');
    const ja = summary('ja');
    assert.equal(
      ja.subject,
      '[CRITICAL] Mackerel 組織監査 2026-01-05: 5 組織中 2 組織に所見 (重大 1 件・警告 2 件・情報 0 件)、未監査 2 組織',
    );
    assert.equal(ja.tables[0]?.columns[0], '組織');
  });

  it('is INFO with no findings and every org audited', () => {
    const clean = summary('en', [{ name: 'zeta', state: state('zeta', [], roundAt, 3) }]);
    assert.equal(clean.severity, 'info');
    assert.equal(clean.subject, '[INFO] Mackerel org audit 2026-01-05: no findings in 1 org');
    assert.equal(clean.tables.length, 1);
  });

  it('shows the missed-webhooks column only when some org has a count', () => {
    assert.ok(!summary('en').tables[0]?.columns.includes('Missed webhooks'));
    const counted = summary('en', [
      { name: 'a', state: state('a', [], roundAt, 1), missedWebhooks: 4 },
      { name: 'b', state: state('b', [], roundAt, 1) },
    ]);
    assert.equal(counted.tables[0]?.columns.at(-1), 'Missed webhooks');
    assert.deepEqual(
      counted.tables[0]?.rows.map((r) => r.at(-1)),
      ['4', '-'],
    );
  });

  it('gives the same mail whatever order the orgs come in', () => {
    assert.deepEqual(summary('ja', [...orgs].reverse()), summary('ja'));
  });
});
