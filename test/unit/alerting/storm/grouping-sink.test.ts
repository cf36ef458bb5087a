import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flushDigests } from '../../../../shared/alerting/storm/flush-digests';
import type { SendCaps } from '../../../../shared/alerting/storm/grouping';
import { groupingNotificationSink } from '../../../../shared/alerting/storm/grouping-sink';
import { createLogger } from '../../../../shared/kernel/log/logger';
import type { NotificationMessage } from '../../../../shared/notify/message/notification-message';
import type { NotificationTarget } from '../../../../shared/notify/targets/notification-target';
import { InMemoryAlertStates } from '../../../support/fakes/in-memory-alert-states';
import { inMemoryGroupingStore } from '../../../support/fakes/in-memory-grouping-store';
import { Faults } from '../../../support/fakes/step-faults';
import { hostAlert } from '../../../support/notifications';
import { sendCaps } from '../../../support/send-caps';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const logger = createLogger({}, () => {});

function alertNote(id: string, routeId: string, recipients = { to: ['ops@x.example'], cc: [] }) {
  return {
    version: 1,
    id,
    kind: 'alert',
    org: 'acme-prod',
    routeId,
    language: 'en',
    recipients,
    targets: [{ kind: 'email' }],
    correlationId: id,
    alerts: [{ ...hostAlert, alertId: id }],
  } satisfies NotificationMessage;
}

/** An alert of `org`'s own route to `targets` (mailed to ops@<org>.example when they mail). */
function orgNote(id: string, org: string, targets: NotificationTarget[]): NotificationMessage {
  const mailed = targets.some((t) => t.kind === 'email');
  return {
    ...alertNote(id, 'org:noc', { to: mailed ? [`ops@${org}.example`] : [], cc: [] }),
    org,
    targets,
    alerts: [{ ...hostAlert, org, alertId: id }],
  };
}

const NOC_SLACK: NotificationTarget = { kind: 'slack', webhookUrlSecret: 'noc-slack-webhook' };
const NOC_TEAMS: NotificationTarget = { kind: 'teams', webhookUrlSecret: 'noc-teams-webhook' };
const PAGER: NotificationTarget = { kind: 'pagerduty', routingKeySecret: 'noc-pagerduty-key' };
const secondsAfterT0 = (s: number) => new Date(T0.getTime() + s * 1000);

function world(mailsPerHour: number, caps: Partial<SendCaps> = {}) {
  const store = inMemoryGroupingStore();
  const published: NotificationMessage[] = [];
  const publisher = {
    async publish(_topic: string, data: Buffer) {
      published.push(JSON.parse(data.toString('utf8')));
      return String(published.length);
    },
  };
  const sink = groupingNotificationSink({ store, publisher, caps: sendCaps({ mailsPerHour, ...caps }) });
  let now = T0;
  const hints = { now: T0, groupIntervalOf: () => 300 };
  const submit = (n: NotificationMessage) => sink.submit([n], logger, { ...hints, now });
  const alerts = new InMemoryAlertStates(new Faults());
  const flush = () =>
    flushDigests({ store, publisher, alerts, logger, graceSeconds: 0, now: () => now }, { reason: 'manual' });
  return { published, submit, flush, alerts, setNow: (t: Date) => (now = t) };
}

describe('grouping sink', () => {
  it('sends the first, folds the rest, resends the first on redelivery, flushes one digest once', async () => {
    const w = world(30);
    await w.submit(alertNote('a1', 'org:web'));
    await w.submit(alertNote('a2', 'org:web'));
    await w.submit(alertNote('a2', 'org:web'));
    await w.submit(alertNote('a1', 'org:web'));
    assert.deepEqual(
      w.published.map((n) => n.id),
      ['a1', 'a1'],
    );
    assert.deepEqual((await w.flush()).published, []);
    w.setNow(new Date(T0.getTime() + 300_000));
    const { published } = await w.flush();
    assert.equal(published.length, 1);
    assert.deepEqual((await w.flush()).published, []);
    const digest = w.published.at(-1);
    assert.equal(digest?.kind, 'digest');
    assert.deepEqual(
      digest?.alerts.map((a) => a.alertId),
      ['a2'],
    );
  });

  it('a recipient at the hourly cap gets further notifications folded into a digest', async () => {
    const w = world(2);
    await w.submit(alertNote('r1', 'org:one'));
    await w.submit(alertNote('r2', 'org:two'));
    await w.submit(alertNote('r3', 'org:three'));
    assert.deepEqual(
      w.published.map((n) => n.id),
      ['r1', 'r2'],
    );
    w.setNow(new Date(T0.getTime() + 300_000));
    await w.flush();
    const digest = w.published.at(-1);
    assert.equal(digest?.kind, 'digest');
    assert.equal(digest?.routeId, 'org:three');
    assert.deepEqual(
      digest?.alerts.map((a) => a.alertId),
      ['r3'],
    );
  });

  it("a storm of 25 orgs' routes to one Slack webhook in a minute: 20 sent, 5 folded, mail unaffected", async () => {
    const w = world(30);
    for (let i = 0; i < 25; i++) {
      w.setNow(secondsAfterT0(i * 2));
      await w.submit(orgNote(`s${i}`, `org-${i}`, [NOC_SLACK]));
      // Each org's mail-only route meanwhile: its own address, far below the hourly cap.
      await w.submit({ ...orgNote(`m${i}`, `org-${i}`, [{ kind: 'email' }]), routeId: 'org:mail' });
    }
    const sentIds = w.published.map((n) => n.id);
    assert.deepEqual(
      sentIds.filter((id) => id.startsWith('s')),
      Array.from({ length: 20 }, (_, i) => `s${i}`),
    );
    assert.equal(sentIds.filter((id) => id.startsWith('m')).length, 25);
    // The next minute has room again.
    w.setNow(secondsAfterT0(60));
    await w.submit(orgNote('s-next', 'org-next', [NOC_SLACK]));
    assert.equal(w.published.at(-1)?.id, 's-next');

    // Each folded alert leaves in its own window's digest, to the same Slack webhook.
    w.setNow(secondsAfterT0(400));
    const { published } = await w.flush();
    assert.equal(published.length, 5);
    const digests = w.published.filter((n) => n.kind === 'digest');
    assert.deepEqual(
      digests.map((d) => [d.org, d.alerts.map((a) => a.alertId)]),
      Array.from({ length: 5 }, (_, i) => [`org-${20 + i}`, [`s${20 + i}`]]),
    );
    assert.ok(digests.every((d) => JSON.stringify(d.targets) === JSON.stringify([NOC_SLACK])));
  });

  it('a Teams webhook has its own cap, apart from Slack and from other webhooks', async () => {
    const w = world(30, { slackPerMinute: 1, teamsPerMinute: 3 });
    const otherTeams: NotificationTarget = { kind: 'teams', webhookUrlSecret: 'other-teams-webhook' };
    await w.submit(orgNote('slack-1', 'org-s1', [NOC_SLACK]));
    for (let i = 1; i <= 4; i++) await w.submit(orgNote(`teams-${i}`, `org-t${i}`, [NOC_TEAMS]));
    await w.submit(orgNote('other-1', 'org-o1', [otherTeams]));
    await w.submit(orgNote('slack-2', 'org-s2', [NOC_SLACK]));
    // Mail and Slack together: Slack over its cap folds the mail too (one notification, one decision).
    await w.submit(orgNote('both-1', 'org-b1', [{ kind: 'email' }, NOC_SLACK]));
    assert.deepEqual(
      w.published.map((n) => n.id),
      ['slack-1', 'teams-1', 'teams-2', 'teams-3', 'other-1'],
    );
  });

  it('PagerDuty is never capped, nor are the addresses of a route that does not mail', async () => {
    const w = world(1, { slackPerMinute: 1, teamsPerMinute: 1 });
    for (let i = 0; i < 10; i++) {
      const n = orgNote(`p${i}`, `org-${i}`, [PAGER]);
      // Recipients that are not mailed (no email target) count nothing.
      await w.submit({ ...n, recipients: { to: ['noc@msp.example'], cc: [] } });
    }
    assert.equal(w.published.length, 10);
  });

  it('a redelivered send counts once under its webhook', async () => {
    const w = world(30, { slackPerMinute: 2 });
    await w.submit(orgNote('a1', 'org-a', [NOC_SLACK]));
    await w.submit(orgNote('a1', 'org-a', [NOC_SLACK]));
    await w.submit(orgNote('b1', 'org-b', [NOC_SLACK]));
    await w.submit(orgNote('c1', 'org-c', [NOC_SLACK]));
    assert.deepEqual(
      w.published.map((n) => n.id),
      ['a1', 'a1', 'b1'],
    );
  });

  it('recoveries go at once', async () => {
    const w = world(30);
    await w.submit(alertNote('a1', 'org:web'));
    const recovery = { ...alertNote('ok1', 'org:web'), kind: 'recovery' as const };
    recovery.alerts = [{ ...hostAlert, status: 'ok' }];
    await w.submit(recovery);
    assert.deepEqual(
      w.published.map((n) => n.id),
      ['a1', 'ok1'],
    );
  });
});

describe('grouping sink: held notifications (routes muted that hold)', () => {
  const UNTIL = secondsAfterT0(8 * 3600).toISOString(); // the mute ends 8 hours later
  const held = (n: NotificationMessage): NotificationMessage => ({ ...n, heldUntil: UNTIL });

  it('folds every held alert and recovery of a scope into one digest sent when the mute ends', async () => {
    const w = world(30);
    await w.submit(held(alertNote('h1', 'org:web')));
    w.setNow(secondsAfterT0(600));
    await w.submit(held(alertNote('h2', 'org:web')));
    await w.submit(held(alertNote('h2', 'org:web'))); // a redelivery folds nothing twice
    const recovery: NotificationMessage = {
      ...alertNote('h1-ok', 'org:web'),
      kind: 'recovery',
      alerts: [{ ...hostAlert, alertId: 'h1', status: 'ok', closedAt: 1767226000 }],
    };
    await w.submit(held(recovery));
    assert.equal(w.published.length, 0, 'nothing is sent while muted');
    w.setNow(secondsAfterT0(8 * 3600 - 1));
    assert.deepEqual((await w.flush()).published, []);
    w.setNow(secondsAfterT0(8 * 3600 + 1));
    await w.flush();
    const [digest, ...more] = w.published;
    assert.equal(more.length, 0);
    assert.equal(digest?.kind, 'digest');
    assert.equal(digest?.heldUntil, undefined);
    assert.deepEqual(digest?.alerts.map((a) => `${a.alertId}:${a.status}`).sort(), ['h1:ok', 'h2:critical']);
    assert.deepEqual(digest?.window, { from: T0.toISOString(), to: UNTIL });
  });

  it('a hold ending sooner than the open held window gets its own digest, sent at its own time', async () => {
    const w = world(30);
    await w.submit({ ...alertNote('long', 'org:web'), heldUntil: secondsAfterT0(30 * 86_400).toISOString() });
    w.setNow(secondsAfterT0(60));
    await w.submit(held(alertNote('short', 'org:web')));
    w.setNow(secondsAfterT0(8 * 3600 + 1));
    await w.flush();
    assert.deepEqual(
      w.published.map((n) => n.alerts.map((a) => a.alertId)),
      [['short']],
    );
  });

  it('a held notification whose time has passed is treated as any other (sent at once)', async () => {
    const w = world(30);
    w.setNow(secondsAfterT0(9 * 3600));
    await w.submit(held(alertNote('late', 'org:web')));
    assert.deepEqual(
      w.published.map((n) => n.id),
      ['late'],
    );
  });

  it('held and unheld windows of one route do not meet: a day alert is sent while the night digest waits', async () => {
    const w = world(30);
    await w.submit(held(alertNote('night', 'org:web')));
    await w.submit(alertNote('day', 'org:web'));
    assert.deepEqual(
      w.published.map((n) => n.id),
      ['day'],
    );
  });
});
