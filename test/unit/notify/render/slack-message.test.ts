import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertSummary } from '../../../../shared/notify/message/notification-message';
import { consoleOrgUrl, cutText, SEVERITY_COLOURS } from '../../../../shared/notify/render/chat-links';
import {
  MAX_SLACK_BLOCKS,
  MAX_SLACK_FIELD_TEXT,
  MAX_SLACK_HEADER_TEXT,
  MAX_SLACK_SECTION_TEXT,
  MAX_SLACK_TEXT,
  type SlackBlock,
  type SlackWebhookMessage,
  slackMessageOf,
} from '../../../../shared/notify/render/slack-message';
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

const LINKS = { consoleUrl: 'https://console.example/' };

const blocksOf = (m: SlackWebhookMessage): SlackBlock[] => m.attachments[0].blocks;
const headerOf = (m: SlackWebhookMessage): string => {
  const [first] = blocksOf(m);
  assert.equal(first?.type, 'header');
  return first.type === 'header' ? first.text.text : '';
};
const sectionTexts = (m: SlackWebhookMessage): string[] =>
  blocksOf(m).flatMap((b) => (b.type === 'section' && b.text !== undefined ? [b.text.text] : []));
const fieldTexts = (m: SlackWebhookMessage): string[] =>
  blocksOf(m).flatMap((b) =>
    b.type === 'section' && b.fields !== undefined ? b.fields.map((f) => f.text) : [],
  );
const contextTexts = (m: SlackWebhookMessage): string[] =>
  blocksOf(m).flatMap((b) => (b.type === 'context' ? b.elements.map((e) => e.text) : []));
const buttons = (m: SlackWebhookMessage): Array<[string, string]> =>
  blocksOf(m).flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e) => [e.text.text, e.url] as [string, string]) : [],
  );

/** A lone surrogate: what a cut inside a pair leaves. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('chat helpers', () => {
  it('cut at a code point and end with …, within the limit', () => {
    assert.equal(cutText('abc', 3), 'abc');
    assert.equal(cutText('abcd', 3), 'ab…');
    assert.equal(cutText('😀😀😀', 4), '😀…');
    assert.equal(cutText('a😀b', 3), 'a…');
  });

  it("link an org's page of the console, or its front page for a cross-org notification", () => {
    assert.equal(consoleOrgUrl(LINKS, 'acme-prod'), 'https://console.example/orgs/acme-prod');
    assert.equal(
      consoleOrgUrl({ consoleUrl: 'https://c.example/ops' }, 'a b'),
      'https://c.example/ops/orgs/a%20b',
    );
    assert.equal(consoleOrgUrl(LINKS, '*'), 'https://console.example/');
    assert.equal(consoleOrgUrl({}, 'acme-prod'), undefined);
    assert.equal(consoleOrgUrl({ consoleUrl: 'javascript:alert(1)' }, 'acme-prod'), undefined);
  });
});

describe('Slack messages', () => {
  it('lay out an alert: subject as text, colour, header, fields, runbook, JST time, buttons (en)', () => {
    const m = slackMessageOf(notification(), LINKS);
    assert.equal(m.text, '[CRITICAL] acme-prod / web01: CPU % 97.5 &gt; 90');
    assert.equal(m.attachments[0].color, '#d62728');
    assert.equal(headerOf(m), 'Alert: CRITICAL · acme-prod / web01: CPU % 97.5 &gt; 90');
    assert.deepEqual(fieldTexts(m), [
      '*Org*\nACME (prod) (acme-prod)',
      '*Target*\nweb01',
      '*Monitor*\nCPU % (host)',
      '*Status*\nCRITICAL (was WARNING)',
      '*Message*\nCPU % 97.5 &gt; 90',
    ]);
    assert.deepEqual(sectionTexts(m), [
      '*Runbook (monitor memo)*\nRunbook: wiki/web-cpu\nEscalate to on-call',
    ]);
    assert.deepEqual(contextTexts(m), ['Opened: 2026-01-01 09:00 JST']);
    assert.deepEqual(buttons(m), [
      ['Open in Mackerel', hostAlert.alertUrl],
      ['Graph', 'https://mackerel.io/embed/public/alert/abcDEF123.png'],
      ['Open the console', 'https://console.example/orgs/acme-prod'],
    ]);
  });

  it('lay out an alert in Japanese with the same facts', () => {
    const m = slackMessageOf(notification({ language: 'ja' }), LINKS);
    assert.equal(headerOf(m), 'アラート発生: CRITICAL · acme-prod / web01: CPU % 97.5 &gt; 90');
    assert.deepEqual(fieldTexts(m).slice(0, 4), [
      '*組織*\nACME (prod) (acme-prod)',
      '*対象*\nweb01',
      '*監視ルール*\nCPU % (host)',
      '*ステータス*\nCRITICAL (変更前: WARNING)',
    ]);
    assert.equal(
      sectionTexts(m)[0],
      '*対応手順 (監視ルールのメモ)*\nRunbook: wiki/web-cpu\nEscalate to on-call',
    );
    assert.deepEqual(contextTexts(m), ['発生日時: 2026-01-01 09:00 JST']);
    assert.deepEqual(
      buttons(m).map(([label]) => label),
      ['Mackerel で開く', 'グラフ', 'コンソールで開く'],
    );
  });

  it('say a repeat is still open', () => {
    const en = slackMessageOf(notification({ kind: 'repeat' }), LINKS);
    assert.equal(en.text, '[CRITICAL][REPEAT] acme-prod / web01: CPU % 97.5 &gt; 90');
    assert.match(headerOf(en), /^Still open: CRITICAL · /);
    const ja = slackMessageOf(notification({ kind: 'repeat', language: 'ja' }), LINKS);
    assert.equal(ja.text, '[CRITICAL][再通知] acme-prod / web01: CPU % 97.5 &gt; 90');
    assert.match(headerOf(ja), /^アラート継続中: CRITICAL · /);
  });

  it('colour a recovery green and say when it closed and how long it was open', () => {
    const en = slackMessageOf(notification({ kind: 'recovery', alerts: [hostRecovery] }), LINKS);
    assert.equal(en.attachments[0].color, '#2ca02c');
    assert.equal(en.text, '[OK][RECOVERED] acme-prod / web01: CPU % 41.2 &lt; 90');
    assert.match(headerOf(en), /^Recovered: OK · /);
    assert.ok(fieldTexts(en).includes('*Status*\nOK (was CRITICAL)'));
    assert.deepEqual(contextTexts(en), [
      'Opened: 2026-01-01 09:00 JST',
      'Closed: 2026-01-01 10:13 JST',
      'Duration: 1 h 13 min',
    ]);
    const ja = slackMessageOf(
      notification({ kind: 'recovery', language: 'ja', alerts: [hostRecovery] }),
      LINKS,
    );
    assert.equal(ja.text, '[OK][復旧] acme-prod / web01: CPU % 41.2 &lt; 90');
    assert.match(headerOf(ja), /^アラート復旧: OK · /);
    assert.deepEqual(contextTexts(ja).slice(1), ['復旧日時: 2026-01-01 10:13 JST', '継続時間: 1 時間 13 分']);
  });

  it('colour by severity', () => {
    const colour = (alert: AlertSummary) =>
      slackMessageOf(notification({ alerts: [alert] }), LINKS).attachments[0].color;
    assert.equal(colour(hostAlert), SEVERITY_COLOURS.critical);
    assert.equal(colour({ ...betaAlert, org: 'acme-prod' }), '#ff9f0a');
    assert.equal(colour({ ...betaAlert, org: 'acme-prod', status: 'unknown' }), '#8e8e93');
    assert.equal(
      slackMessageOf(crossOrgDigest({ alerts: [betaAlert] }), LINKS).attachments[0].color,
      '#ff9f0a',
    );
  });

  it('say when a monitor has no memo, and link only Mackerel without a console', () => {
    const m = slackMessageOf(notification({ alerts: [serviceAlert] }), {});
    assert.deepEqual(sectionTexts(m), ['*Runbook (monitor memo)*\n_(the monitor has no memo)_']);
    assert.deepEqual(buttons(m), [['Open in Mackerel', serviceAlert.alertUrl]]);
  });

  it('escape what monitors send: no mention, link or markup gets through', () => {
    const hostile: AlertSummary = {
      ...hostAlert,
      orgDisplayName: 'ACME <!here>',
      target: '<!channel> & co',
      monitorName: '<@U0123ABC>',
      message: 'see <https://evil.example|this> & <!subteam^S1>',
      memo: '<!everyone> run & hide\n> step 2',
      alertUrl: 'javascript:alert(1)',
    };
    for (const n of [notification({ alerts: [hostile] }), crossOrgDigest({ alerts: [hostile] })]) {
      const m = slackMessageOf(n, LINKS);
      const json = JSON.stringify(m);
      assert.doesNotMatch(json, /<!|<@|<https:\/\/evil|javascript:/);
      assert.ok(json.includes('&lt;!channel&gt; &amp; co'), `${n.kind} escapes the host`);
    }
    const alert = slackMessageOf(notification({ alerts: [hostile] }), LINKS);
    assert.ok(fieldTexts(alert).includes('*Target*\n&lt;!channel&gt; &amp; co'));
    assert.ok(fieldTexts(alert).includes('*Org*\nACME &lt;!here&gt; (acme-prod)'));
    assert.equal(
      sectionTexts(alert)[0],
      '*Runbook (monitor memo)*\n&lt;!everyone&gt; run &amp; hide\n&gt; step 2',
    );
    assert.deepEqual(
      buttons(alert).map(([label]) => label),
      ['Graph', 'Open the console'],
      'no button to a javascript: URL',
    );
    const digest = slackMessageOf(crossOrgDigest({ alerts: [hostile] }), LINKS);
    assert.equal(
      sectionTexts(digest)[0],
      '*CRITICAL* acme-prod / &lt;!channel&gt; &amp; co: see &lt;https://evil.example|this&gt; &amp; &lt;!subteam^S1&gt; · 2026-01-01 09:00 JST',
    );
  });

  it('list a digest: header with count and window, one line per alert, the rest counted', () => {
    const m = slackMessageOf(crossOrgDigest({ suppressedCount: 2 }), LINKS);
    assert.equal(m.text, '[CRITICAL][DIGEST] 5 alerts in 2 orgs: acme-prod, beta-stg');
    assert.equal(headerOf(m), 'Digest: 5 alerts in 2 orgs (2026-01-01 09:00 – 09:05 JST)');
    assert.deepEqual(sectionTexts(m), [
      `*CRITICAL* <${hostAlert.alertUrl}|acme-prod / web01: CPU % 97.5 &gt; 90> · 2026-01-01 09:00 JST`,
      `*CRITICAL* <${serviceAlert.alertUrl}|acme-prod / shop: orders.failed 42 &gt; 10> · 2026-01-01 09:00 JST`,
      `*WARNING* <${betaAlert.alertUrl}|beta-stg / avg load: avg load 5.2 &gt; 4> · 2026-01-01 09:01 JST`,
      '2 more alerts — <https://console.example/|see the console>',
    ]);
    assert.deepEqual(buttons(m), [['Open the console', 'https://console.example/']]);
    const ja = slackMessageOf(crossOrgDigest({ language: 'ja', suppressedCount: 2 }), {});
    assert.equal(headerOf(ja), 'まとめ: 2 組織で 5 件のアラート (2026-01-01 09:00 – 09:05 JST)');
    assert.equal(sectionTexts(ja).at(-1), 'ほか 2 件のアラート — Mackerel で確認してください');
    assert.deepEqual(buttons(ja), []);
  });

  it('show a recovered digest row as what it was, and no "more" line when everything is listed', () => {
    const m = slackMessageOf(crossOrgDigest({ alerts: [hostRecovery, betaAlert] }), LINKS);
    assert.match(sectionTexts(m)[0] ?? '', /^\*OK \(was CRITICAL\)\* </);
    assert.equal(sectionTexts(m).length, 2);
  });

  it('keep a digest of 300 long alerts within 50 blocks and every text within its limit, counting the rest', () => {
    const orgs = Array.from({ length: 400 }, (_, i) => ({
      org: `org-${i}`,
      orgDisplayName: `Org number ${i} & <sons>`,
      alerts: 1,
      worst: 'critical' as const,
    }));
    const n = bigDigest(300, { suppressedCount: 7, orgs });
    const m = slackMessageOf(n, LINKS);
    const blocks = blocksOf(m);
    assert.equal(blocks.length, MAX_SLACK_BLOCKS);
    assert.ok(m.text.length <= MAX_SLACK_TEXT);
    assert.ok(headerOf(m).length <= MAX_SLACK_HEADER_TEXT);
    assert.equal(headerOf(m), 'Digest: 307 alerts in 400 orgs (2026-01-01 09:00 – 09:05 JST)');
    for (const text of sectionTexts(m)) assert.ok(text.length <= MAX_SLACK_SECTION_TEXT, `${text.length}`);
    const rows = sectionTexts(m).filter((t) => t.startsWith('*CRITICAL* <'));
    // header, orgs, rows, "more", the console button
    assert.equal(rows.length, MAX_SLACK_BLOCKS - 4);
    assert.match(
      rows[0] ?? '',
      /^\*CRITICAL\* <https:\/\/mackerel\.io\/orgs\/acme-prod\/alerts\/4AlrtBig0\|acme-prod \/ web000: /,
    );
    assert.match(rows.at(-1) ?? '', /\/4AlrtBig45\|acme-prod \/ web045: /);
    assert.equal(
      sectionTexts(m).at(-1),
      `${307 - rows.length} more alerts — <https://console.example/|see the console>`,
    );
    const orgLines = (sectionTexts(m)[0] ?? '').split('\n');
    assert.match(orgLines[0] ?? '', /^• Org number 0 &amp; &lt;sons&gt; \(org-0\): 1 · CRITICAL$/);
    const listedOrgs = orgLines.filter((l) => l.startsWith('• ')).length;
    assert.equal(orgLines.at(-1), `+${400 - listedOrgs} more`);
  });

  it('cut long texts within their limits, never inside an entity or a surrogate pair', () => {
    const long: AlertSummary = {
      ...hostAlert,
      target: `${'<'.repeat(100)}host`,
      message: '😀'.repeat(3000),
      memo: '&'.repeat(3000),
    };
    const m = slackMessageOf(notification({ alerts: [long] }), LINKS);
    assert.ok(headerOf(m).length <= MAX_SLACK_HEADER_TEXT);
    assert.match(headerOf(m), /(&lt;)+…$/);
    const message = fieldTexts(m).find((t) => t.startsWith('*Message*')) ?? '';
    assert.ok(message.length <= MAX_SLACK_FIELD_TEXT && message.length > MAX_SLACK_FIELD_TEXT - 3);
    assert.match(message, /😀…$/);
    assert.doesNotMatch(message, LONE_SURROGATE);
    const runbook = sectionTexts(m)[0] ?? '';
    assert.ok(runbook.length <= MAX_SLACK_SECTION_TEXT);
    assert.match(runbook, /\n(&amp;)+…$/);
    for (const f of fieldTexts(m)) assert.ok(f.length <= MAX_SLACK_FIELD_TEXT);
  });

  it('refuse reports: they are mailed only', () => {
    assert.throws(() => slackMessageOf(reportNotification(), LINKS), /reports are mailed only/);
  });
});
