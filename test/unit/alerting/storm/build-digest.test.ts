import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeEvent } from '../../../../shared/alerting/router/route-event';
import { buildDigest, MAX_LISTED_ALERTS } from '../../../../shared/alerting/storm/build-digest';
import { flushDigests } from '../../../../shared/alerting/storm/flush-digests';
import { digestIdOf, type FoldedNotification } from '../../../../shared/alerting/storm/grouping';
import { groupingNotificationSink } from '../../../../shared/alerting/storm/grouping-sink';
import type { AlertStatus } from '../../../../shared/mackerel/alert-status';
import { notificationMessageSchema } from '../../../../shared/notify/message/notification-message';
import { renderNotification } from '../../../../shared/notify/render/render-notification';
import { inMemoryGroupingStore } from '../../../support/fakes/in-memory-grouping-store';
import { hostAlert } from '../../../support/notifications';
import { eventMessage, routerWorld, withAlert } from '../../../support/router-world';
import { sendCaps } from '../../../support/send-caps';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const window = {
  digestId: digestIdOf('msp__msp:noc', iso(T0)),
  scopeKey: 'msp__msp:noc',
  routeKey: 'msp:noc',
  windowStart: iso(T0),
  windowEnd: iso(T0 + 300_000),
};

/** The i-th fold of an org's alert `alertId`, folded i seconds after T0, claiming to be opened at `openedAt`. */
function folded(org: string, alertId: string, i: number, openedAt: number, status: AlertStatus = 'critical') {
  const f: FoldedNotification = {
    id: `n-${org}-${alertId}-${i}`,
    org,
    language: 'en',
    recipients: { to: ['noc@msp.example'], cc: [] },
    alert: {
      ...hostAlert,
      org,
      orgDisplayName: org.toUpperCase(),
      alertId,
      status,
      openedAt,
      alertUrl: `https://mackerel.io/orgs/${org}/alerts/${alertId}`,
    },
    foldedAt: iso(T0 + i * 1000),
  };
  return f;
}

describe('buildDigest', () => {
  it('names every org with its count and worst status, however many alerts another org folded first', () => {
    // 205 criticals of one org claiming to be old (small openedAt), then one warning of another.
    const flood = Array.from({ length: 205 }, (_, i) => folded('big-org', `B${i}`, i, 1_000 + i));
    const digest = buildDigest(window, [...flood, folded('small-org', 'S1', 300, 1_767_225_600, 'warning')]);
    assert.ok(notificationMessageSchema.safeParse(digest).success);
    assert.deepEqual(digest.orgs, [
      { org: 'big-org', orgDisplayName: 'BIG-ORG', alerts: 205, worst: 'critical' },
      { org: 'small-org', orgDisplayName: 'SMALL-ORG', alerts: 1, worst: 'warning' },
    ]);
    assert.equal(digest.alerts.length, MAX_LISTED_ALERTS);
    assert.equal(digest.suppressedCount, 6);
    assert.ok(
      digest.alerts.some((a) => a.org === 'small-org'),
      'the small org is listed',
    );
    const mail = renderNotification(digest);
    assert.match(mail.subject, /206 alerts in 2 orgs: big-org, small-org/);
    assert.match(mail.text, /SMALL-ORG \(small-org\)\s+1\s+WARNING/);
  });

  it('lists alerts in the order they were received, not by the openedAt a caller sent', () => {
    const digest = buildDigest(window, [
      folded('a-org', 'late-claims-early', 2, 1_000),
      folded('a-org', 'first', 1, 1_900_000_000),
      folded('a-org', 'third', 3, 1_500_000_000),
    ]);
    assert.deepEqual(
      digest.alerts.map((a) => a.alertId),
      ['first', 'late-claims-early', 'third'],
    );
  });

  it('takes listed alerts from each org in turn when there are more than it lists', () => {
    const many = [
      ...Array.from({ length: 10 }, (_, i) => folded('a-org', `A${i}`, i, 1_767_225_600)),
      ...Array.from({ length: 10 }, (_, i) => folded('b-org', `B${i}`, 20 + i, 1_767_225_600)),
    ];
    const digest = buildDigest(window, many, () => undefined, 6);
    const perOrg = (org: string) => digest.alerts.filter((a) => a.org === org).length;
    assert.deepEqual([perOrg('a-org'), perOrg('b-org')], [3, 3]);
    assert.equal(digest.suppressedCount, 14);
  });

  it('shows each alert once, as it stands at the flush: a recovered one is marked recovered', () => {
    const digest = buildDigest(
      window,
      [
        folded('a-org', 'X', 1, 1_767_225_600, 'warning'),
        folded('a-org', 'X', 2, 1_767_225_600, 'critical'),
        folded('a-org', 'Y', 3, 1_767_225_600, 'warning'),
      ],
      (alert) => (alert.alertId === 'X' ? { isOpen: false, closedAt: 1_767_225_900 } : undefined),
    );
    assert.deepEqual(
      digest.alerts.map((a) => [a.alertId, a.status, a.previousStatus]),
      [
        ['X', 'ok', 'critical'],
        ['Y', 'warning', hostAlert.previousStatus],
      ],
    );
    assert.match(renderNotification(digest).text, /OK \(was CRITICAL\)/);
  });
});

describe('a digest after C, W, C, OK of one alert (router, storm control and flush together)', () => {
  it('mails the recovery at once and lists the alert once, recovered, at the flush', async () => {
    const world = routerWorld(new Date(T0 + 1_800_000));
    world.routing.putRoute({
      id: 'web-team',
      name: 'web team',
      order: 10,
      match: {},
      recipients: { to: ['web@acme.example'] },
      groupIntervalSeconds: 300,
    });
    const store = inMemoryGroupingStore();
    const sink = groupingNotificationSink({
      store,
      publisher: world.publisher,
      caps: sendCaps({ mailsPerHour: 100 }),
    });
    const deps = { ...world.deps(), sink };
    const at = (seconds: number) => 1_767_225_600 + seconds;
    const steps: Array<[string, Record<string, unknown>]> = [
      ['critical', { status: 'critical', isOpen: true, statusChangedAt: at(0) }],
      ['warning', { status: 'warning', isOpen: true, statusChangedAt: at(10) }],
      ['critical', { status: 'critical', isOpen: true, statusChangedAt: at(20) }],
      ['ok', { status: 'ok', isOpen: false, closedAt: at(30), statusChangedAt: at(30) }],
    ];
    for (const [i, [, fields]] of steps.entries()) {
      const message = eventMessage('alert-host-critical.json', {
        receivedAt: iso(T0 + 1_800_000 + i * 10_000),
        patch: withAlert(fields),
      });
      await routeEvent(deps, message);
    }
    const sent = () => world.notifications().map((n) => `${n.kind}:${n.alerts[0]?.status}`);
    assert.deepEqual(sent(), ['alert:critical', 'recovery:ok']);

    const flushed = await flushDigests(
      {
        store,
        publisher: world.publisher,
        alerts: world.alerts,
        logger: world.logs.logger,
        graceSeconds: 0,
        now: () => new Date(T0 + 1_800_000 + 600_000),
      },
      { reason: 'manual' },
    );
    assert.equal(flushed.published.length, 1);
    const digest = world.notifications().find((n) => n.kind === 'digest');
    assert.ok(digest);
    assert.deepEqual(
      digest.alerts.map((a) => [a.alertId, a.status]),
      [['4AlrtQ9zZz1', 'ok']],
    );
    assert.match(renderNotification(digest).subject, /^\[OK\]\[まとめ\] 1 組織で 1 件/);
  });
});
