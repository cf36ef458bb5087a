import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertSummary } from '../../../../shared/notify/message/notification-message';
import {
  dedupKeyOf,
  MAX_PAGERDUTY_DEDUP_KEY,
  MAX_PAGERDUTY_EVENT_BYTES,
  MAX_PAGERDUTY_EVENTS,
  MAX_PAGERDUTY_SOURCE,
  MAX_PAGERDUTY_SUMMARY,
  type PagerDutyEvent,
  type PagerDutyTrigger,
  pagerDutyEventsOf,
} from '../../../../shared/notify/render/pagerduty-events';
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

const KEY = 'R0UTINGkey0123456789abcdef012345';
const LINKS = { consoleUrl: 'https://console.example' };

function onlyTrigger(events: PagerDutyEvent[]): PagerDutyTrigger {
  assert.equal(events.length, 1);
  const [event] = events;
  assert.equal(event?.event_action, 'trigger');
  return event as PagerDutyTrigger;
}

const triggerOf = (alert: AlertSummary, language: 'en' | 'ja' = 'en') =>
  onlyTrigger(pagerDutyEventsOf(notification({ alerts: [alert], language }), KEY, LINKS));

describe('PagerDuty events', () => {
  it('trigger an alert with its facts, runbook and links', () => {
    const n = notification();
    assert.deepEqual(pagerDutyEventsOf(n, KEY, LINKS), [
      {
        routing_key: KEY,
        event_action: 'trigger',
        dedup_key: 'mackerel:acme-prod:4AlrtQ9zZz1',
        payload: {
          summary: '[CRITICAL] acme-prod / web01: CPU % 97.5 > 90',
          source: 'web01',
          severity: 'critical',
          timestamp: '2026-01-01T00:00:00.000Z',
          component: 'CPU %',
          group: 'acme-prod',
          class: 'host',
          custom_details: {
            org: 'acme-prod',
            orgDisplayName: 'ACME (prod)',
            status: 'critical',
            previousStatus: 'warning',
            monitor: 'CPU % (host)',
            message: 'CPU % 97.5 > 90',
            memo: 'Runbook: wiki/web-cpu\nEscalate to on-call',
            alertUrl: hostAlert.alertUrl,
            notificationId: n.id,
            kind: 'alert',
          },
        },
        links: [
          { href: hostAlert.alertUrl, text: 'Mackerel alert' },
          { href: 'https://console.example/orgs/acme-prod', text: 'Operator console' },
        ],
        client: 'msp-ops-pipeline',
        client_url: 'https://console.example/orgs/acme-prod',
      },
    ]);
  });

  it('link Mackerel only, and the alert as client_url, without a console', () => {
    const event = onlyTrigger(pagerDutyEventsOf(notification({ alerts: [serviceAlert] }), KEY, {}));
    assert.deepEqual(event.links, [{ href: serviceAlert.alertUrl, text: 'Mackerel alert' }]);
    assert.equal(event.client_url, serviceAlert.alertUrl);
    assert.equal(event.payload.custom_details.memo, '');
    assert.equal('previousStatus' in event.payload.custom_details, false);
  });

  it('say a repeat is one, in both languages, under the same dedup_key', () => {
    const en = onlyTrigger(pagerDutyEventsOf(notification({ kind: 'repeat' }), KEY, LINKS));
    assert.equal(en.payload.summary, '[CRITICAL][REPEAT] acme-prod / web01: CPU % 97.5 > 90');
    assert.equal(en.dedup_key, triggerOf(hostAlert).dedup_key);
    assert.equal(en.payload.custom_details.kind, 'repeat');
    const ja = onlyTrigger(pagerDutyEventsOf(notification({ kind: 'repeat', language: 'ja' }), KEY, LINKS));
    assert.equal(ja.payload.summary, '[CRITICAL][再通知] acme-prod / web01: CPU % 97.5 > 90');
  });

  it('map severities: critical, warning, unknown as error', () => {
    assert.equal(triggerOf(hostAlert).payload.severity, 'critical');
    assert.equal(triggerOf({ ...betaAlert, org: 'acme-prod' }).payload.severity, 'warning');
    assert.equal(triggerOf({ ...hostAlert, status: 'unknown' }).payload.severity, 'error');
  });

  it('resolve a recovery with the dedup_key its alert triggered, and nothing else', () => {
    const trigger = triggerOf(hostAlert);
    const resolve = pagerDutyEventsOf(notification({ kind: 'recovery', alerts: [hostRecovery] }), KEY, LINKS);
    assert.deepEqual(resolve, [{ routing_key: KEY, event_action: 'resolve', dedup_key: trigger.dedup_key }]);
    assert.equal(trigger.dedup_key, 'mackerel:acme-prod:4AlrtQ9zZz1');
  });

  it('key alert groups apart from alerts', () => {
    assert.equal(
      dedupKeyOf({ org: 'acme-prod', alertId: 'grp1', type: 'alertGroup' }),
      'mackerel:acme-prod:alertGroup:grp1',
    );
    assert.equal(dedupKeyOf({ org: 'acme-prod', alertId: 'grp1', type: 'host' }), 'mackerel:acme-prod:grp1');
  });

  it('keep a long dedup_key within 255 characters, stable and distinct', () => {
    const longId = 'a'.repeat(300);
    const key = dedupKeyOf({ org: 'acme-prod', alertId: longId, type: 'host' });
    assert.equal(key.length, MAX_PAGERDUTY_DEDUP_KEY);
    assert.ok(key.startsWith('mackerel:acme-prod:aaaa'));
    assert.match(key, /~[0-9a-f]{32}$/);
    assert.equal(dedupKeyOf({ org: 'acme-prod', alertId: longId, type: 'host' }), key, 'the same every time');
    const other = dedupKeyOf({ org: 'acme-prod', alertId: `${'a'.repeat(299)}b`, type: 'host' });
    assert.ok(other.length <= MAX_PAGERDUTY_DEDUP_KEY);
    assert.notEqual(other, key);
    // A recovery of such an alert still resolves what it triggered.
    const alert = { ...hostAlert, alertId: longId };
    const recovery = pagerDutyEventsOf(
      notification({ kind: 'recovery', alerts: [{ ...hostRecovery, alertId: longId }] }),
      KEY,
      LINKS,
    );
    assert.equal(recovery[0]?.dedup_key, triggerOf(alert).dedup_key);
  });

  it('keep summary and source within their limits', () => {
    const long = { ...hostAlert, target: `host-${'x'.repeat(1000)}`, message: 'm'.repeat(5000) };
    const { payload } = triggerOf(long);
    assert.equal(payload.summary.length, MAX_PAGERDUTY_SUMMARY);
    assert.match(payload.summary, /^\[CRITICAL\] acme-prod \/ host-x+…$/);
    assert.equal(payload.source.length, MAX_PAGERDUTY_SOURCE);
    assert.match(payload.source, /^host-x+…$/);
    assert.equal(payload.custom_details.message, 'm'.repeat(5000), 'details keep the whole message');
  });

  it('cut memo and message until an event fits 512 KB', () => {
    const huge = { ...hostAlert, memo: `手順\n${'対応'.repeat(200_000)}`, message: 'エラー'.repeat(100_000) };
    const event = triggerOf(huge);
    const bytes = Buffer.byteLength(JSON.stringify(event));
    assert.ok(bytes <= MAX_PAGERDUTY_EVENT_BYTES, `${bytes} bytes`);
    assert.match(String(event.payload.custom_details.memo), /^手順\n(対応)+対?…$/);
    assert.match(String(event.payload.custom_details.message), /^(エラー)+.*…$/);
  });

  it('send a digest as an event per alert: open ones trigger, recovered ones resolve', () => {
    const events = pagerDutyEventsOf(
      crossOrgDigest({ alerts: [hostAlert, hostRecovery, betaAlert] }),
      KEY,
      LINKS,
    );
    assert.deepEqual(
      events.map((e) => [e.event_action, e.dedup_key]),
      [
        ['trigger', 'mackerel:acme-prod:4AlrtQ9zZz1'],
        ['resolve', 'mackerel:acme-prod:4AlrtQ9zZz1'],
        ['trigger', 'mackerel:beta-stg:4AlrtBeta01'],
      ],
    );
    const beta = events[2] as PagerDutyTrigger;
    assert.equal(beta.payload.summary, '[WARNING] beta-stg / avg load: avg load 5.2 > 4');
    assert.equal(beta.payload.custom_details.kind, 'digest');
    assert.equal(beta.payload.custom_details.memo, 'Check the batch schedule');
  });

  it('send at most 40 events for a long digest, the last counting the rest', () => {
    const n = bigDigest(45);
    const events = pagerDutyEventsOf(n, KEY, LINKS);
    assert.equal(events.length, MAX_PAGERDUTY_EVENTS);
    assert.deepEqual(
      events.slice(0, -1).map((e) => e.dedup_key),
      n.alerts.slice(0, 39).map((a) => `mackerel:acme-prod:${a.alertId}`),
    );
    const last = events.at(-1) as PagerDutyTrigger;
    assert.equal(last.event_action, 'trigger');
    assert.equal(last.dedup_key, `mackerel-digest:${n.id}`);
    assert.equal(last.payload.summary, '[CRITICAL][DIGEST] 6 more alerts — see the console');
    assert.equal(last.payload.severity, 'critical');
    assert.equal(last.payload.custom_details.notSentOneByOne, 6);
    assert.deepEqual(last.links, [{ href: 'https://console.example/', text: 'Operator console' }]);
    const ja = pagerDutyEventsOf(bigDigest(300, { language: 'ja', suppressedCount: 10 }), KEY, {});
    assert.equal(ja.length, MAX_PAGERDUTY_EVENTS);
    assert.equal(
      (ja.at(-1) as PagerDutyTrigger).payload.summary,
      '[CRITICAL][まとめ] ほか 271 件のアラート — Mackerel で確認してください',
    );
  });

  it('count unlisted alerts in a last event even when every listed one is sent', () => {
    const events = pagerDutyEventsOf(crossOrgDigest({ suppressedCount: 4 }), KEY, LINKS);
    assert.equal(events.length, 4);
    const last = events.at(-1) as PagerDutyTrigger;
    assert.equal(last.payload.summary, '[CRITICAL][DIGEST] 4 more alerts — see the console');
    // When only recoveries are left out, the last event is for information only.
    const recovered = Array.from({ length: 41 }, (_, i) => ({ ...hostRecovery, alertId: `ok${i}` }));
    const quiet = pagerDutyEventsOf(crossOrgDigest({ alerts: recovered }), KEY, LINKS);
    assert.equal(quiet.length, MAX_PAGERDUTY_EVENTS);
    assert.equal((quiet.at(-1) as PagerDutyTrigger).payload.severity, 'info');
    assert.match((quiet.at(-1) as PagerDutyTrigger).payload.summary, /^\[OK\]\[DIGEST\] 2 more alerts/);
  });

  it('put the routing key in routing_key and nowhere else', () => {
    const all = [
      ...pagerDutyEventsOf(notification(), KEY, LINKS),
      ...pagerDutyEventsOf(notification({ kind: 'recovery', alerts: [hostRecovery] }), KEY, LINKS),
      ...pagerDutyEventsOf(bigDigest(45, { suppressedCount: 3 }), KEY, LINKS),
    ];
    for (const event of all) {
      assert.equal(event.routing_key, KEY);
      assert.equal(JSON.stringify(event).split(KEY).length - 1, 1, event.dedup_key);
    }
  });

  it('refuse reports: they are mailed only', () => {
    assert.throws(() => pagerDutyEventsOf(reportNotification(), KEY, LINKS), /reports are mailed only/);
  });
});
