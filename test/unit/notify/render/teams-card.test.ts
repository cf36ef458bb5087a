import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertSummary } from '../../../../shared/notify/message/notification-message';
import {
  type AdaptiveCard,
  MAX_TEAMS_BYTES,
  type TeamsContainer,
  type TeamsElement,
  type TeamsFactSet,
  type TeamsTextBlock,
  type TeamsWorkflowMessage,
  teamsBytes,
  teamsMessageOf,
} from '../../../../shared/notify/render/teams-card';
import {
  betaAlert,
  bigDigest,
  crossOrgDigest,
  hostAlert,
  hostRecovery,
  notification,
  reportNotification,
  serviceAlert,
} from '../../../support/notifications';

const LINKS = { consoleUrl: 'https://console.example' };

const cardOf = (m: TeamsWorkflowMessage): AdaptiveCard => m.attachments[0].content;
const texts = (m: TeamsWorkflowMessage): TeamsTextBlock[] =>
  cardOf(m).body.filter((e): e is TeamsTextBlock => e.type === 'TextBlock');
const factsOf = (m: TeamsWorkflowMessage): Array<[string, string]> =>
  cardOf(m)
    .body.filter((e): e is TeamsFactSet => e.type === 'FactSet')
    .flatMap((f) => f.facts.map((fact) => [fact.title, fact.value] as [string, string]));
const containers = (m: TeamsWorkflowMessage): TeamsContainer[] =>
  cardOf(m).body.filter((e: TeamsElement): e is TeamsContainer => e.type === 'Container');
const actions = (m: TeamsWorkflowMessage): Array<[string, string]> =>
  cardOf(m).actions.map((a) => [a.title, a.url]);

describe('Teams cards', () => {
  it('come in the envelope a Workflows webhook flow posts', () => {
    const m = teamsMessageOf(notification(), LINKS);
    assert.equal(m.type, 'message');
    assert.equal(m.attachments.length, 1);
    const [attachment] = m.attachments;
    assert.equal(attachment.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(attachment.contentUrl, null);
    assert.equal(attachment.content.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
    assert.equal(attachment.content.type, 'AdaptiveCard');
    assert.equal(attachment.content.version, '1.4');
    assert.deepEqual(attachment.content.msteams, { width: 'Full' });
  });

  it('lay out an alert: coloured headline, facts, runbook, links (en)', () => {
    const m = teamsMessageOf(notification(), LINKS);
    const [head, line, runbookTitle, runbook] = texts(m);
    assert.deepEqual(head, {
      type: 'TextBlock',
      text: 'Alert: CRITICAL',
      wrap: true,
      size: 'Large',
      weight: 'Bolder',
      color: 'Attention',
    });
    assert.equal(line?.text, 'acme-prod / web01: CPU % 97.5 > 90');
    assert.deepEqual(factsOf(m), [
      ['Org', 'ACME (prod) (acme-prod)'],
      ['Target', 'web01'],
      ['Monitor', 'CPU % (host)'],
      ['Status', 'CRITICAL (was WARNING)'],
      ['Message', 'CPU % 97.5 > 90'],
      ['Opened', '2026-01-01 09:00 JST'],
    ]);
    assert.equal(runbookTitle?.text, 'Runbook (monitor memo)');
    assert.equal(runbook?.text, 'Runbook: wiki/web-cpu\nEscalate to on-call');
    assert.equal(runbook?.wrap, true);
    assert.deepEqual(actions(m), [
      ['Open in Mackerel', hostAlert.alertUrl],
      ['Graph', 'https://mackerel.io/embed/public/alert/abcDEF123.png'],
      ['Open the console', 'https://console.example/orgs/acme-prod'],
    ]);
  });

  it('lay out an alert, a repeat and a recovery in Japanese', () => {
    const alert = teamsMessageOf(notification({ language: 'ja' }), LINKS);
    assert.equal(texts(alert)[0]?.text, 'アラート発生: CRITICAL');
    assert.deepEqual(factsOf(alert).slice(0, 4), [
      ['組織', 'ACME (prod) (acme-prod)'],
      ['対象', 'web01'],
      ['監視ルール', 'CPU % (host)'],
      ['ステータス', 'CRITICAL (変更前: WARNING)'],
    ]);
    assert.equal(texts(alert)[2]?.text, '対応手順 (監視ルールのメモ)');
    assert.deepEqual(
      actions(alert).map(([title]) => title),
      ['Mackerel で開く', 'グラフ', 'コンソールで開く'],
    );
    const repeat = teamsMessageOf(notification({ kind: 'repeat', language: 'ja' }), LINKS);
    assert.equal(texts(repeat)[0]?.text, 'アラート継続中: CRITICAL');
    const recovery = teamsMessageOf(
      notification({ kind: 'recovery', language: 'ja', alerts: [hostRecovery] }),
      LINKS,
    );
    assert.equal(texts(recovery)[0]?.text, 'アラート復旧: OK');
    assert.equal(texts(recovery)[0]?.color, 'Good');
    assert.deepEqual(factsOf(recovery).slice(-2), [
      ['復旧日時', '2026-01-01 10:13 JST'],
      ['継続時間', '1 時間 13 分'],
    ]);
  });

  it('say a repeat is still open and a recovery recovered (en)', () => {
    assert.equal(
      texts(teamsMessageOf(notification({ kind: 'repeat' }), LINKS))[0]?.text,
      'Still open: CRITICAL',
    );
    const recovery = teamsMessageOf(notification({ kind: 'recovery', alerts: [hostRecovery] }), LINKS);
    assert.equal(texts(recovery)[0]?.text, 'Recovered: OK');
    assert.ok(factsOf(recovery).some(([t, v]) => t === 'Duration' && v === '1 h 13 min'));
  });

  it('colour the headline by severity', () => {
    const colour = (alert: AlertSummary) =>
      texts(teamsMessageOf(notification({ alerts: [alert] }), LINKS))[0]?.color;
    assert.equal(colour(hostAlert), 'Attention');
    assert.equal(colour({ ...betaAlert, org: 'acme-prod' }), 'Warning');
    assert.equal(colour({ ...hostAlert, status: 'unknown' }), 'Default');
  });

  it('say when a monitor has no memo, and link no javascript: URL', () => {
    const m = teamsMessageOf(
      notification({ alerts: [{ ...serviceAlert, alertUrl: 'javascript:alert(1)' }] }),
      {},
    );
    assert.equal(texts(m).at(-1)?.text, '(the monitor has no memo)');
    assert.deepEqual(actions(m), []);
    assert.doesNotMatch(JSON.stringify(m), /javascript:/);
  });

  it('list a digest: a container per alert opening it, then the rest counted', () => {
    const m = teamsMessageOf(crossOrgDigest({ suppressedCount: 2 }), LINKS);
    assert.equal(texts(m)[0]?.text, 'Digest: 5 alerts in 2 orgs');
    assert.equal(texts(m)[0]?.color, 'Attention');
    assert.equal(texts(m)[1]?.text, 'Window: 2026-01-01 09:00 – 09:05 JST');
    const rows = containers(m);
    assert.deepEqual(
      rows.map((c) => [c.items[0]?.text, c.items[0]?.color, c.items[1]?.text, c.selectAction?.url]),
      [
        [
          '**CRITICAL** acme-prod / web01: CPU % 97.5 > 90',
          'Attention',
          '2026-01-01 09:00 JST',
          hostAlert.alertUrl,
        ],
        [
          '**CRITICAL** acme-prod / shop: orders.failed 42 > 10',
          'Attention',
          '2026-01-01 09:00 JST',
          serviceAlert.alertUrl,
        ],
        [
          '**WARNING** beta-stg / avg load: avg load 5.2 > 4',
          'Warning',
          '2026-01-01 09:01 JST',
          betaAlert.alertUrl,
        ],
      ],
    );
    assert.equal(texts(m).at(-1)?.text, '2 more alerts — see the console');
    assert.deepEqual(actions(m), [['Open the console', 'https://console.example/']]);
    const ja = teamsMessageOf(crossOrgDigest({ language: 'ja', suppressedCount: 2 }), {});
    assert.equal(texts(ja)[0]?.text, 'まとめ: 2 組織で 5 件のアラート');
    assert.equal(texts(ja).at(-1)?.text, 'ほか 2 件のアラート — Mackerel で確認してください');
  });

  it('count nothing more when a digest lists everything', () => {
    const m = teamsMessageOf(crossOrgDigest({ alerts: [hostRecovery] }), LINKS);
    assert.equal(
      containers(m)[0]?.items[0]?.text,
      '**OK (was CRITICAL)** acme-prod / web01: CPU % 41.2 < 90',
    );
    assert.equal(containers(m)[0]?.items[0]?.color, 'Good');
    assert.doesNotMatch(JSON.stringify(m), /more alert/);
  });

  for (const language of ['en', 'ja'] as const) {
    it(`fit a huge digest within ${MAX_TEAMS_BYTES} bytes, counting every alert dropped (${language})`, () => {
      const orgs = Array.from({ length: 300 }, (_, i) => ({
        org: `org-${i}`,
        orgDisplayName: `組織 ${i}`,
        alerts: 2,
        worst: 'warning' as const,
      }));
      const n = bigDigest(1000, { language, suppressedCount: 500, orgs });
      const m = teamsMessageOf(n, LINKS);
      assert.ok(teamsBytes(m) <= MAX_TEAMS_BYTES, `${teamsBytes(m)} bytes`);
      assert.equal(teamsBytes(m), Buffer.byteLength(JSON.stringify(m)));
      const listed = containers(m).length;
      assert.ok(listed >= 20 && listed < 1000, `${listed} rows`);
      assert.match(containers(m)[0]?.items[0]?.text ?? '', /^\*\*CRITICAL\*\* acme-prod \/ web000: /);
      assert.match(
        containers(m).at(-1)?.items[0]?.text ?? '',
        new RegExp(`web${String(listed - 1).padStart(3, '0')}: `),
      );
      const more = 1500 - listed;
      assert.equal(
        texts(m).at(-1)?.text,
        language === 'en'
          ? `${more} more alerts — see the console`
          : `ほか ${more} 件のアラート — コンソールで確認してください`,
      );
    });
  }

  it('cut a huge memo and message until an alert card fits', () => {
    const huge: AlertSummary = {
      ...hostAlert,
      message: 'メッセージ'.repeat(20_000),
      memo: `手順\n${'対応'.repeat(50_000)}`,
    };
    const m = teamsMessageOf(notification({ alerts: [huge] }), LINKS);
    assert.ok(teamsBytes(m) <= MAX_TEAMS_BYTES, `${teamsBytes(m)} bytes`);
    const memo = texts(m).at(-1)?.text ?? '';
    assert.match(memo, /^手順\n(対応)+対?…$/);
    const message = factsOf(m).find(([title]) => title === 'Message')?.[1] ?? '';
    assert.match(message, /^(メッセージ)+.*…$/);
    assert.equal(actions(m).length, 3, 'links are kept');
  });

  it('refuse reports: they are mailed only', () => {
    assert.throws(() => teamsMessageOf(reportNotification(), LINKS), /reports are mailed only/);
  });
});
