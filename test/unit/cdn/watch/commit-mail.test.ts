import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommitAssessment } from '../../../../shared/cdn/model/assess-commit';
import { commitFinance } from '../../../../shared/cdn/model/commit-finance';
import { type CdnContract, cdnContractSchema } from '../../../../shared/cdn/model/contract-schema';
import { cdnPollRequestSchema } from '../../../../shared/cdn/watch/cdn-poll-request';
import { cdnUsageConfigSchema } from '../../../../shared/cdn/watch/cdn-usage-config';
import { commitAlertMail, commitDigestMail, monthCloseMail } from '../../../../shared/cdn/watch/commit-mail';
import { alertNotificationId, commitNotification } from '../../../../shared/cdn/watch/commit-notification';
import { loadConfig } from '../../../../shared/kernel/config/load-config';
import { SCHEDULES, TOPICS } from '../../../../shared/kernel/topology';
import type { ReportContent } from '../../../../shared/notify/message/report-content';

const TB = 1e12;

function contract(language: 'ja' | 'en'): CdnContract {
  return cdnContractSchema.parse({
    id: 'acme-cdn',
    displayName: 'Acme CDN',
    provider: 'jstream',
    source: { kind: 'csv' },
    committed: { amount: 50, unit: 'TB' },
    monthlyFeeYen: 1_200_000,
    overage: { yenPerUnit: 30, unit: 'GB' },
    financeRecipients: { to: ['finance@msp.example'], cc: ['cfo@msp.example'] },
    language,
  });
}

/** 2025-04 as of 12:00 JST on the 20th: 40 TB used, P50 56 TB (112%), P90 60 TB. */
function assessment(c: CdnContract, forecastHeldBack: string | null = null): CommitAssessment {
  return {
    usage: {
      month: '2025-04',
      daysInMonth: 30,
      dayOfMonth: 20,
      completeDays: 19,
      completeDaysBytes: 38 * TB,
      todayBytes: 2 * TB,
      todayHoursCovered: 12,
      wholeDaysLeft: 10,
      mtdBytes: 40 * TB,
      dataCompleteTo: '2025-04-20T03:00:00.000Z',
    },
    forecast: { method: 'weekday-aware', pointBytes: 55 * TB, p50Bytes: 56 * TB, p90Bytes: 60 * TB },
    forecastHeldBack,
    finance: commitFinance(c, 40 * TB, { p50Bytes: 56 * TB, p90Bytes: 60 * TB }, 10),
    evaluation: { contractId: c.id, month: '2025-04', runAt: '2025-04-20T03:20:00.000Z', signals: [] },
  };
}

const factsOf = (report: ReportContent) => Object.fromEntries(report.facts.map((f) => [f.label, f.value]));

describe('cdn commit mails', () => {
  it('an overage-likely alert (en) carries every figure finance needs, and says it does not cap traffic', () => {
    const c = contract('en');
    const report = commitAlertMail(c, assessment(c), { kind: 'overage-likely', band: 0, change: 'fired' });
    assert.equal(report.severity, 'warning');
    assert.equal(report.subject, '[WARNING] CDN acme-cdn: overage likely this month (P50 112% of 50 TB)');
    assert.deepEqual(factsOf(report), {
      Contract: 'Acme CDN (acme-cdn, jstream)',
      Month: '2025-04 (JST)',
      Commit: '50 TB per month (monthly fee ¥1,200,000)',
      'Actual month to date': '40 TB (80%)',
      'Month-end forecast P50': '56 TB (112%)',
      'Month-end forecast P90': '60 TB (120%)',
      'Projected overage P50': '6,000 GB ≈ ¥180,000',
      'Projected overage P90': '10,000 GB ≈ ¥300,000',
      'Overage price': '¥30 / GB',
      'Data complete to': '2025-04-20 12:00 JST',
      'Forecast method': 'weekday-aware',
      'Days left in the month': '10',
    });
    assert.ok(report.notes.some((n) => n.includes('do not cap or throttle traffic')));
    assert.match(report.lead, /112% of the 50 TB commit.*6,000 GB ≈ ¥180,000/);
  });

  it('the same alert in Japanese, with yen written the Japanese way', () => {
    const c = contract('ja');
    const report = commitAlertMail(c, assessment(c), { kind: 'overage-likely', band: 0, change: 'fired' });
    assert.equal(report.subject, '[WARNING] CDN acme-cdn: 今月コミット超過の見込み (P50 112% / 50 TB)');
    assert.equal(factsOf(report)['超過見込み P50'], '6,000 GB ≈ 180,000円');
    assert.equal(factsOf(report).データ確定時刻, '2025-04-20 12:00 JST');
    assert.ok(report.notes.some((n) => n.includes('配信量を制限しません')));
  });

  it('severity and wording follow the kind and the change; a held-back forecast says so', () => {
    const c = contract('en');
    const a = assessment(c, 'minimum-data guard: day 2 of the month with 0 days of history');
    const started = commitAlertMail(c, a, { kind: 'overage-started', band: 0, change: 'fired' });
    assert.equal(started.subject, '[CRITICAL] CDN acme-cdn: overage started (actual 80% of 50 TB)');
    const yen = commitAlertMail(c, a, { kind: 'overage-yen', band: 150_000, change: 'fired' });
    assert.equal(
      yen.subject,
      '[WARNING] CDN acme-cdn: projected overage at or above ¥150,000 (P50 ¥180,000)',
    );
    const cleared = commitAlertMail(c, a, { kind: 'early-warning', band: 0, change: 'cleared' });
    assert.equal(cleared.severity, 'info');
    assert.match(cleared.subject, /^\[INFO\] CDN acme-cdn: overage no longer possible/);
    assert.match(
      factsOf(started)['Forecast method'] ?? '',
      /^weekday-aware \(alerts held back: minimum-data guard/,
    );
  });

  it('the digest and month close parse as report notifications to finance, ja and en', () => {
    for (const language of ['ja', 'en'] as const) {
      const c = contract(language);
      const digest = commitNotification(
        c,
        'cdn-digest-acme-cdn-2025-04-21',
        commitDigestMail(c, assessment(c), '2025-04-21'),
        'corr',
      );
      assert.equal(digest.kind, 'report');
      assert.equal(digest.language, language);
      assert.deepEqual(digest.recipients, { to: ['finance@msp.example'], cc: ['cfo@msp.example'] });
      assert.equal(digest.report?.severity, 'warning', 'P50 over the commit');
      const close = monthCloseMail(c, assessment(c));
      assert.equal(close.severity, 'warning', 'the data is complete only to the 20th');
      assert.ok(close.notes.length >= 3);
    }
  });

  it('the month close counts the overage from the actual total, not from a forecast', () => {
    const c = contract('en');
    const a = assessment(c);
    const closed: CommitAssessment = {
      ...a,
      usage: { ...a.usage, mtdBytes: 52 * TB, dayOfMonth: 31, dataCompleteTo: '2025-04-30T15:00:00.000Z' },
    };
    const report = monthCloseMail(c, closed);
    assert.equal(
      report.subject,
      '[WARNING] CDN acme-cdn: 2025-04 closed at 104% of 50 TB, overage 2,000 GB ≈ ¥60,000',
    );
    assert.equal(factsOf(report)['Fee plus overage'], '¥1,260,000');
    const under = monthCloseMail(c, { ...closed, usage: { ...closed.usage, mtdBytes: 49 * TB } });
    assert.equal(under.severity, 'info');
    assert.match(under.subject, /no overage$/);
  });

  it('notification ids are fixed by the transition, and valid for the mailer', () => {
    const transition = {
      contractId: 'acme-cdn',
      id: 'acme-cdn|2025-04|overage-likely|0|fired|2025-04-20T03:20:00.000Z',
    };
    const id = alertNotificationId(transition);
    assert.equal(alertNotificationId({ ...transition }), id);
    assert.notEqual(alertNotificationId({ ...transition, id: transition.id.replace('03:20', '04:20') }), id);
    assert.match(id, /^cdn-acme-cdn-[0-9a-f]{24}$/);
  });
});

describe('cdn-polls requests and cdn-usage config', () => {
  it('accepts what the schedules publish on cdn-polls, and rejects what it cannot act on', () => {
    const payloads = SCHEDULES.filter((s) => s.topic === TOPICS.cdnPolls).map((s) => s.payload);
    assert.equal(payloads.length, 2);
    for (const payload of payloads)
      assert.ok(cdnPollRequestSchema.safeParse(payload).success, JSON.stringify(payload));
    for (const bad of [
      { reason: 'contract' },
      { reason: 'contract', contractId: 'Acme_CDN' },
      { reason: 'contract', contractId: 'acme', runAt: 'yesterday' },
      { reason: 'month-close', contractId: 'acme', month: '2025-13' },
      { reason: 'poll-everything' },
    ]) {
      assert.equal(cdnPollRequestSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it('config: defaults, and every bad variable named at once', () => {
    const config = loadConfig('cdn-usage', cdnUsageConfigSchema, { GOOGLE_CLOUD_PROJECT: 'msp-ops-prod' });
    assert.equal(config.CDN_TRAILING_WINDOW_HOURS, 72);
    assert.equal(config.CDN_PUBLISH_TIMEOUT_MS, 5000);
    assert.equal(config.CDN_SOURCE_TIMEOUT_MS, 10_000);
    assert.throws(
      () =>
        loadConfig('cdn-usage', cdnUsageConfigSchema, {
          GOOGLE_CLOUD_PROJECT: 'msp-ops-prod',
          CDN_TRAILING_WINDOW_HOURS: '1',
          CDN_FASTLY_BASE_URL: 'ftp://fastly.example',
        }),
      (error: Error) =>
        error.message.includes('CDN_TRAILING_WINDOW_HOURS') && error.message.includes('CDN_FASTLY_BASE_URL'),
    );
  });
});
