import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDigest, MAX_LISTED_ALERTS } from '../../../../shared/alerting/storm/build-digest';
import {
  capBucketsOf,
  capKeysOf,
  decideGrouping,
  digestIdOf,
  type GroupWindow,
  hourBucketOf,
  isCapReached,
  isGroupable,
  isWindowDue,
  minuteBucketOf,
  scopeKeyOf,
} from '../../../../shared/alerting/storm/grouping';
import { notificationMessageSchema } from '../../../../shared/notify/message/notification-message';
import { hostAlert } from '../../../support/notifications';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const note = (id: string, org = 'acme-prod', routeId = 'org:web-team') => ({ id, org, routeId });
const decide = (window: GroupWindow | undefined, id: string, now: Date, capReached = false, org?: string) =>
  decideGrouping({ window, notification: note(id, org), now, groupIntervalSeconds: 300, capReached });

describe('storm grouping decisions', () => {
  it('the first alert of a route opens a window and is sent at once', () => {
    const d = decide(undefined, 'a1', T0);
    assert.equal(d.action, 'send');
    assert.ok(d.action === 'send');
    assert.deepEqual(d.window, {
      scopeKey: 'acme-prod__org:web-team',
      routeKey: 'org:web-team',
      windowStart: T0.toISOString(),
      windowEnd: at(300).toISOString(),
      firstSentId: 'a1',
    });
  });

  it('a second alert within the window is folded; the first again is a resend', () => {
    const first = decide(undefined, 'a1', T0);
    assert.ok(first.action === 'send');
    const second = decide(first.window, 'a2', at(299));
    assert.deepEqual(second, { action: 'fold', window: first.window, open: false });
    assert.deepEqual(decide(first.window, 'a1', at(10)), { action: 'resend' });
  });

  it('after the window end the window is due, and a new alert opens a new window', () => {
    const first = decide(undefined, 'a1', T0);
    assert.ok(first.action === 'send');
    assert.equal(isWindowDue(first.window.windowEnd, at(299), 0), false);
    assert.equal(isWindowDue(first.window.windowEnd, at(300), 0), true);
    assert.equal(isWindowDue(first.window.windowEnd, at(330), 60), false);
    assert.equal(isWindowDue(first.window.windowEnd, at(360), 60), true);
    const next = decide(first.window, 'a3', at(300));
    assert.ok(next.action === 'send');
    assert.equal(next.window.windowStart, at(300).toISOString());
    assert.equal(next.window.firstSentId, 'a3');
  });

  it('a recipient over the hourly cap turns the send into a fold into a new window', () => {
    assert.equal(isCapReached(29, 30), false);
    assert.equal(isCapReached(30, 30), true);
    const d = decide(undefined, 'a1', T0, true);
    assert.ok(d.action === 'fold');
    assert.equal(d.open, true);
    assert.equal(d.window.firstSentId, null);
    assert.equal(hourBucketOf(at(3599)), '2026010100');
    assert.equal(hourBucketOf(at(3600)), '2026010101');
  });

  it('cap keys: each mailed address per hour, each Slack / Teams webhook per minute, never PagerDuty', () => {
    const caps = { mailsPerHour: 30, slackPerMinute: 20, teamsPerMinute: 60 };
    const recipients = { to: ['Ops@X.example'], cc: ['ops@x.example', 'boss@x.example'] };
    const targets = [
      { kind: 'email' as const },
      { kind: 'slack' as const, webhookUrlSecret: 'noc-slack' },
      { kind: 'teams' as const, webhookUrlSecret: 'noc-teams' },
      { kind: 'pagerduty' as const, routingKeySecret: 'noc-pd' },
    ];
    assert.deepEqual(capKeysOf({ recipients, targets }, caps, at(61)), [
      { key: 'ops@x.example', bucket: '2026010100', cap: 30 },
      { key: 'boss@x.example', bucket: '2026010100', cap: 30 },
      { key: 'slack:noc-slack', bucket: 'm202601010001', cap: 20 },
      { key: 'teams:noc-teams', bucket: 'm202601010001', cap: 60 },
    ]);
    assert.deepEqual(capBucketsOf({ recipients, targets: targets.slice(1, 2) }, at(61)), [
      { key: 'slack:noc-slack', bucket: 'm202601010001' },
    ]);
    assert.deepEqual(capKeysOf({ recipients, targets: targets.slice(3) }, caps, T0), []);
    assert.equal(minuteBucketOf(at(59)), 'm202601010000');
    assert.equal(minuteBucketOf(at(60)), 'm202601010001');
  });

  it('recoveries are not grouped', () => {
    assert.equal(isGroupable({ kind: 'recovery' }), false);
    assert.equal(isGroupable({ kind: 'alert' }), true);
    assert.equal(isGroupable({ kind: 'repeat' }), true);
  });

  it('MSP routes group across orgs; org routes per org', () => {
    assert.equal(scopeKeyOf(note('x', 'a', 'msp:noc')), scopeKeyOf(note('y', 'b', 'msp:noc')));
    assert.notEqual(scopeKeyOf(note('x', 'a')), scopeKeyOf(note('y', 'b')));
    const first = decideGrouping({
      window: undefined,
      notification: note('n1', 'org-1', 'msp:noc'),
      now: T0,
      groupIntervalSeconds: 300,
      capReached: false,
    });
    assert.ok(first.action === 'send');
    const other = decideGrouping({
      window: first.window,
      notification: note('n2', 'org-2', 'msp:noc'),
      now: at(20),
      groupIntervalSeconds: 300,
      capReached: false,
    });
    assert.equal(other.action, 'fold');
  });

  it('digest ids are fixed by scope and window start', () => {
    const id = digestIdOf('acme-prod__org:web-team', T0.toISOString());
    assert.equal(id, digestIdOf('acme-prod__org:web-team', T0.toISOString()));
    assert.notEqual(id, digestIdOf('acme-prod__org:web-team', at(300).toISOString()));
    assert.match(id, /^[A-Za-z0-9][\w.:=+~-]{0,199}$/);
  });

  it('a digest lists the folded alerts; several orgs make a cross-org digest', () => {
    const window = {
      digestId: digestIdOf('msp__msp:noc', T0.toISOString()),
      scopeKey: 'msp__msp:noc',
      routeKey: 'msp:noc',
      windowStart: T0.toISOString(),
      windowEnd: at(300).toISOString(),
    };
    const folded = (org: string, i: number) => ({
      id: `alert-${org}-${i}`,
      org,
      language: 'en' as const,
      recipients: { to: ['noc@msp.example'], cc: [] },
      alert: {
        ...hostAlert,
        org,
        alertId: `A${i}`,
        alertUrl: `https://mackerel.io/orgs/${org}/alerts/A${i}`,
      },
    });
    const single = buildDigest(window, [folded('org-a', 1), folded('org-a', 2)]);
    assert.equal(single.org, 'org-a');
    assert.equal(single.alerts.length, 2);
    const cross = buildDigest(window, [folded('org-a', 1), folded('org-b', 2)]);
    assert.equal(cross.org, '*');
    assert.equal(cross.kind, 'digest');
    assert.deepEqual(cross.window, { from: window.windowStart, to: window.windowEnd });
    assert.ok(notificationMessageSchema.safeParse(cross).success);
    const many = buildDigest(
      window,
      Array.from({ length: MAX_LISTED_ALERTS + 5 }, (_, i) => folded('org-a', i)),
    );
    assert.equal(many.alerts.length, MAX_LISTED_ALERTS);
    assert.equal(many.suppressedCount, 5);
    assert.ok(notificationMessageSchema.safeParse(many).success);
  });
});
