import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayWidth } from '../../../../shared/kernel/text/text-width';
import { formatJst, formatJstRange, jstDateTime } from '../../../../shared/kernel/time/jst-format';
import {
  LANGUAGES,
  NOTIFICATION_KINDS,
  type NotificationMessage,
} from '../../../../shared/notify/message/notification-message';
import { renderNotification } from '../../../../shared/notify/render/render-notification';
import {
  betaAlert,
  crossOrgDigest,
  externalAlert,
  hostAlert,
  hostRecovery,
  notification,
  reportNotification,
  serviceAlert,
} from '../../../support/notifications';

const subject = (n: NotificationMessage) => renderNotification(n).subject;

/** One notification of each kind, in the given language. */
function everyKind(language: 'ja' | 'en'): NotificationMessage[] {
  return NOTIFICATION_KINDS.filter((kind) => kind !== 'report').map((kind) => {
    if (kind === 'digest') return crossOrgDigest({ language });
    if (kind === 'recovery') return notification({ kind, language, alerts: [hostRecovery] });
    return notification({ kind, language });
  });
}

describe('subject lines', () => {
  const cases: Array<[string, NotificationMessage, string, string]> = [
    [
      'host alert',
      notification(),
      '[CRITICAL] acme-prod / web01: CPU % 97.5 > 90',
      '[CRITICAL] acme-prod / web01: CPU % 97.5 > 90',
    ],
    [
      'service alert',
      notification({ alerts: [serviceAlert] }),
      '[CRITICAL] acme-prod / shop: orders.failed 42 > 10',
      '[CRITICAL] acme-prod / shop: orders.failed 42 > 10',
    ],
    [
      'external alert without a service (the monitor is the target)',
      notification({ alerts: [externalAlert] }),
      '[CRITICAL] acme-prod / shop top page: HTTP request failed - status is 503',
      '[CRITICAL] acme-prod / shop top page: HTTP request failed - status is 503',
    ],
    [
      'repeat',
      notification({ kind: 'repeat' }),
      '[CRITICAL][REPEAT] acme-prod / web01: CPU % 97.5 > 90',
      '[CRITICAL][再通知] acme-prod / web01: CPU % 97.5 > 90',
    ],
    [
      'recovery',
      notification({ kind: 'recovery', alerts: [hostRecovery] }),
      '[OK][RECOVERED] acme-prod / web01: CPU % 41.2 < 90',
      '[OK][復旧] acme-prod / web01: CPU % 41.2 < 90',
    ],
    [
      'digest of 3 alerts across 2 orgs',
      crossOrgDigest(),
      '[CRITICAL][DIGEST] 3 alerts in 2 orgs: acme-prod, beta-stg',
      '[CRITICAL][まとめ] 2 組織で 3 件のアラート: acme-prod, beta-stg',
    ],
  ];
  for (const [title, n, en, ja] of cases) {
    it(`${title}, in English and Japanese`, () => {
      assert.equal(subject({ ...n, language: 'en' }), en);
      assert.equal(subject({ ...n, language: 'ja' }), ja);
    });
  }

  it('falls back to the monitor name when the message is empty, and never repeats the target', () => {
    const manualClose = { ...hostRecovery, message: '' };
    assert.equal(
      subject(notification({ kind: 'recovery', alerts: [manualClose] })),
      '[OK][RECOVERED] acme-prod / web01: CPU %',
    );
    const silentExternal = { ...externalAlert, message: '' };
    assert.equal(subject(notification({ alerts: [silentExternal] })), '[CRITICAL] acme-prod / shop top page');
  });

  it('stays on one line and within 200 characters', () => {
    const noisy = { ...hostAlert, message: `CHECK CRITICAL\nline two\r\n${'x'.repeat(400)}` };
    const s = subject(notification({ alerts: [noisy] }));
    assert.doesNotMatch(s, /[\r\n]/);
    assert.match(s, /^\[CRITICAL\] acme-prod \/ web01: CHECK CRITICAL line two x+…$/);
    assert.equal([...s].length, 200);
  });

  it('counts folded alerts and names at most three orgs in a digest', () => {
    const orgs = ['a-org', 'b-org', 'c-org', 'd-org', 'e-org'].map((org) => ({ ...betaAlert, org }));
    const n = crossOrgDigest({ alerts: orgs, suppressedCount: 5 });
    assert.equal(subject(n), '[WARNING][DIGEST] 10 alerts in 5 orgs: a-org, b-org, c-org, +2 more');
    assert.equal(
      subject({ ...n, language: 'ja' }),
      '[WARNING][まとめ] 5 組織で 10 件のアラート: a-org, b-org, c-org, ほか 2 組織',
    );
  });
});

describe('JST times', () => {
  it('formats epoch seconds in Asia/Tokyo, across the UTC date boundary', () => {
    // 2025-12-31T15:30:00Z is already New Year's Day in Tokyo.
    const lateUtc = Date.UTC(2025, 11, 31, 15, 30) / 1000;
    assert.equal(formatJst(lateUtc), '2026-01-01 00:30 JST');
    assert.equal(formatJst(1767225600), '2026-01-01 09:00 JST');
    assert.equal(jstDateTime(Date.UTC(2026, 1, 28, 14, 59, 59) / 1000), '2026-02-28 23:59');
    assert.equal(jstDateTime(Date.UTC(2026, 1, 28, 15, 0) / 1000), '2026-03-01 00:00');
  });

  it('writes a range once per date', () => {
    assert.equal(formatJstRange(1767225600, 1767225900), '2026-01-01 09:00 – 09:05 JST');
    const beforeMidnight = Date.UTC(2025, 11, 31, 14, 58) / 1000;
    assert.equal(
      formatJstRange(beforeMidnight, beforeMidnight + 300),
      '2025-12-31 23:58 – 2026-01-01 00:03 JST',
    );
  });
});

describe('bodies', () => {
  for (const language of LANGUAGES) {
    for (const n of everyKind(language)) {
      it(`${n.kind} (${language}): text and HTML carry the facts, links and JST times`, () => {
        const { text, html } = renderNotification(n);
        assert.match(html, new RegExp(`^<!doctype html>\\n<html lang="${language}">`));
        for (const alert of n.alerts) {
          assert.ok(text.includes(alert.alertUrl), `text links ${alert.alertId}`);
          assert.ok(html.includes(`href="${alert.alertUrl}"`), `html links ${alert.alertId}`);
          if (alert.imageUrl)
            assert.ok(text.includes(alert.imageUrl) && html.includes(`href="${alert.imageUrl}"`));
        }
        assert.match(text, /2026-01-01 09:00/);
        assert.ok(text.includes(`${n.id}`) && html.includes(n.id), 'footer names the notification');
        if (n.kind !== 'digest') {
          assert.match(text, /2026-01-01 09:00 JST/);
          assert.ok(text.includes('  Runbook: wiki/web-cpu\n  Escalate to on-call'), 'memo keeps its lines');
          assert.ok(html.includes('Runbook: wiki/web-cpu\nEscalate to on-call</pre>'));
        }
      });
    }
  }

  it('says when a recovered alert closed and how long it was open', () => {
    const en = renderNotification(notification({ kind: 'recovery', alerts: [hostRecovery] })).text;
    assert.match(en, /^Recovered: OK$/m);
    assert.match(en, /^Closed: +2026-01-01 10:13 JST$/m);
    assert.match(en, /^Duration: +1 h 13 min$/m);
    const ja = renderNotification(
      notification({ kind: 'recovery', language: 'ja', alerts: [hostRecovery] }),
    ).text;
    assert.match(ja, /^アラート復旧: OK$/m);
    assert.match(ja, /^復旧日時: +2026-01-01 10:13 JST$/m);
    assert.match(ja, /^継続時間: +1 時間 13 分$/m);
  });

  it('reads as well for host-less alerts: no host, the monitor and its type instead', () => {
    const { text } = renderNotification(notification({ alerts: [externalAlert] }));
    assert.match(text, /^Target: +shop top page$/m);
    assert.match(text, /^Monitor: +shop top page \(external\)$/m);
    assert.match(text, /^Runbook \(monitor memo\)\n {2}\(the monitor has no memo\)$/m);
    assert.doesNotMatch(text, /Graph:/);
    assert.doesNotMatch(text, /host/i);
  });

  it('lists a digest as an aligned table, in both languages, with the window in JST', () => {
    const en = renderNotification(crossOrgDigest({ suppressedCount: 2 })).text;
    assert.match(en, /^Window: +2026-01-01 09:00 – 09:05 JST$/m);
    assert.match(en, /^\(2 more alerts not listed\)$/m);
    assert.match(en, /^# {2}Status {4}Org {8}Target {4}Message {16}Opened \(JST\)$/m);
    assert.match(en, /^1 {2}CRITICAL {2}acme-prod {2}web01 {5}CPU % 97\.5 > 90 {8}2026-01-01 09:00$/m);
    assert.match(en, /^3 {2}WARNING {3}beta-stg {3}avg load {2}avg load 5\.2 > 4 {7}2026-01-01 09:01$/m);
    const ja = renderNotification(crossOrgDigest({ language: 'ja' })).text;
    const rows = ja.split('\n').filter((l) => /^(#|\d) /.test(l));
    assert.equal(rows.length, 4);
    // Japanese headers are two columns wide per character; every row still lines up under them.
    const openedAt = (line: string) => displayWidth(line.slice(0, line.search(/(発生日時|2026-)/)));
    assert.deepEqual(new Set(rows.map(openedAt)).size, 1);
  });

  it('renders a digest table in HTML with a row per alert', () => {
    const { html } = renderNotification(crossOrgDigest());
    assert.equal(html.match(/<tr>/g)?.length, 4);
    assert.ok(html.includes('<a href="https://mackerel.io/orgs/beta-stg/alerts/4AlrtBeta01">avg load</a>'));
    assert.ok(html.includes('avg load 5.2 &gt; 4'));
  });

  it('escapes everything that comes from monitors in HTML', () => {
    const hostile = {
      ...hostAlert,
      orgDisplayName: 'ACME <b>prod</b>',
      target: 'web"01',
      monitorName: "CPU' onmouseover='x",
      message: 'CPU & <img src=x onerror=alert(1)>',
      memo: '<script>alert("memo")</script>\nstep 2',
      alertUrl: 'javascript:alert(1)',
    };
    for (const n of [notification({ alerts: [hostile] }), crossOrgDigest({ alerts: [hostile] })]) {
      const { html } = renderNotification(n);
      assert.doesNotMatch(html, /<script|<img|<b>prod|onmouseover='|href="javascript/i);
      assert.doesNotMatch(html, /javascript:alert\(1\)<\/a>/);
      if (n.kind !== 'digest') {
        assert.ok(html.includes('&lt;script&gt;alert(&quot;memo&quot;)&lt;/script&gt;\nstep 2'));
        assert.ok(html.includes('ACME &lt;b&gt;prod&lt;/b&gt;'));
      }
      assert.ok(html.includes('CPU &amp; &lt;img src=x onerror=alert(1)&gt;'));
    }
  });
});

describe('reports', () => {
  it("lay out the producer's words: subject as given, facts, table rows on one line, links, notes", () => {
    const n = reportNotification();
    const { subject: s, text, html } = renderNotification(n);
    assert.equal(s, '[WARNING] acme-prod: 2 new hosts, host quota over (43/40)');
    assert.match(text, /^Two hosts registered since the last audit\.\nCheck that they are expected\./);
    assert.match(text, /Billable hosts: {2}43 \/ 40/);
    assert.match(text, /<script> +2026-01-01 09:05 +198\.51\.100\.7 \/ 2001:db8::7/);
    assert.ok(text.includes('Hosts: https://mackerel.io/orgs/acme-prod/hosts'));
    assert.ok(text.includes(n.id) && html.includes(n.id), 'footer names the notification');
    assert.ok(html.includes('&lt;script&gt;') && !html.includes('<script>'), 'cells are escaped');
    assert.ok(html.includes('<a href="https://mackerel.io/orgs/acme-prod/hosts">Hosts</a>'));
    assert.match(html, /^<!doctype html>\n<html lang="en">/);
  });
});
