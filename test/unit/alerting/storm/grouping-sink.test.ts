import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flushDigests } from '../../../../shared/alerting/storm/flush-digests';
import { groupingNotificationSink } from '../../../../shared/alerting/storm/grouping-sink';
import { createLogger } from '../../../../shared/kernel/log/logger';
import type { NotificationMessage } from '../../../../shared/notify/message/notification-message';
import { InMemoryAlertStates } from '../../../support/fakes/in-memory-alert-states';
import { inMemoryGroupingStore } from '../../../support/fakes/in-memory-grouping-store';
import { Faults } from '../../../support/fakes/step-faults';
import { hostAlert } from '../../../support/notifications';

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
    correlationId: id,
    alerts: [{ ...hostAlert, alertId: id }],
  } satisfies NotificationMessage;
}

function world(cap: number) {
  const store = inMemoryGroupingStore();
  const published: NotificationMessage[] = [];
  const publisher = {
    async publish(_topic: string, data: Buffer) {
      published.push(JSON.parse(data.toString('utf8')));
      return String(published.length);
    },
  };
  const sink = groupingNotificationSink({ store, publisher, hourlyCap: cap });
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
