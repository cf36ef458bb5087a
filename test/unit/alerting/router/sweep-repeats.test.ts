import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { AlertSubject } from '../../../../shared/alerting/router/alert-state';
import { planRepeats } from '../../../../shared/alerting/router/plan-repeats';
import { routeEvent } from '../../../../shared/alerting/router/route-event';
import { sweepRepeats } from '../../../../shared/alerting/router/sweep-repeats';
import type { Step } from '../../../support/fakes/step-faults';
import { eventMessage, ORG, type RouterWorld, routerWorld } from '../../../support/router-world';

const ALERT: AlertSubject = { kind: 'alert', id: '4AlrtQ9zZz1' };
const HOUR_MS = 3_600_000;
let world: RouterWorld;

beforeEach(async () => {
  world = routerWorld();
  world.routing
    .putRoute({
      id: 'web-team',
      name: 'shop web team',
      order: 10,
      match: { services: ['shop'] },
      recipients: { to: ['web@acme.example'] },
      repeatIntervalSeconds: 3600,
    })
    .putMspRoute({
      id: 'noc',
      name: 'NOC criticals',
      order: 10,
      match: { minSeverity: 'critical' },
      recipients: { to: ['noc@msp.example'] },
      repeatIntervalSeconds: 7200,
    });
  await routeEvent(world.deps(), eventMessage('alert-host-critical.json'));
});

const later = (ms: number) => {
  world.now = new Date(world.now.getTime() + ms);
};
const sweep = () => sweepRepeats({ ...world.deps(), orgNames: async () => [ORG] }, { reason: 'schedule' });
const kinds = () => world.notifications().map((n) => `${n.kind}:${n.routeId}`);

describe('repeat sweep', () => {
  it('repeats an open alert on each route once its repeat interval has passed, and not before', async () => {
    later(HOUR_MS - 1000);
    assert.equal((await sweep()).repeats, 0);
    later(1000);
    const result = await sweep();
    assert.deepEqual(result, { orgs: 1, open: 1, repeats: 1, unmuted: 0, muted: 0, conflicts: 0 });
    assert.deepEqual(kinds(), ['alert:org:web-team', 'alert:msp:noc', 'repeat:org:web-team']);
    const [repeat] = world.notifications().slice(-1);
    assert.equal(repeat?.alerts[0]?.status, 'critical');
    assert.equal(
      repeat?.alerts[0]?.message,
      world.notifications()[0]?.alerts[0]?.message,
      'the mail says what the alert said',
    );
    assert.deepEqual(world.alerts.state(ORG, ALERT)?.outbox, {});
    later(HOUR_MS);
    await sweep();
    assert.deepEqual(kinds().slice(3), ['repeat:org:web-team', 'repeat:msp:noc']);
  });

  it('a second sweep at the same time sends nothing more', async () => {
    later(HOUR_MS);
    await sweep();
    await sweep();
    assert.equal(world.notificationIds().length, 3);
  });

  it('never repeats a closed alert, and a recovery ends the repeats', async () => {
    await routeEvent(
      world.deps(),
      eventMessage('alert-host-ok.json', { receivedAt: '2026-01-01T00:45:00.000Z' }),
    );
    later(5 * HOUR_MS);
    const result = await sweep();
    assert.equal(result.open, 0);
    assert.ok(kinds().every((k) => !k.startsWith('repeat')));
  });

  it('mutes repeats while a silence matches (on the routing facts kept in the state)', async () => {
    world.routing.putSilence({
      id: 'maint',
      org: ORG,
      matchers: { services: ['shop'] },
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2026-01-02T00:00:00Z',
      createdBy: 'ops@msp.example',
      comment: 'planned work',
    });
    later(3 * HOUR_MS);
    const result = await sweep();
    assert.equal(result.muted, 1);
    assert.equal(result.repeats, 0);
  });

  for (const step of ['publisher.publish', 'alerts.replaceOutbox'] as Step[]) {
    it(`a sweep dying at ${step} loses nothing: the next sweep publishes the same repeat once`, async () => {
      later(HOUR_MS);
      world.faults.arm(step, 'before');
      await assert.rejects(sweep(), /repeat sweep failed for 1 org/);
      await sweep();
      const repeats = world.notifications().filter((n) => n.kind === 'repeat');
      assert.equal(new Set(repeats.map((n) => n.id)).size, 1, 'one repeat id');
      assert.deepEqual(world.alerts.state(ORG, ALERT)?.outbox, {});
    });
  }

  it('a sweep losing the write to the router re-decides next time instead of overwriting', async () => {
    later(HOUR_MS);
    world.alerts.beforeNextPut = () => {
      const current = world.alerts.state(ORG, ALERT);
      if (current) world.alerts.force(ORG, ALERT, current);
    };
    assert.equal((await sweep()).conflicts, 1);
    assert.equal((await sweep()).repeats, 1);
  });

  it('plans nothing for states written before the sweep existed (no display kept)', () => {
    const state = world.alerts.state(ORG, ALERT);
    assert.ok(state);
    const plan = planRepeats({
      state: { ...state, display: null },
      config: {
        org: undefined,
        orgRoutes: [],
        mspRoutes: [],
        silences: [],
        inhibitRules: [],
        problems: [],
      },
      host: undefined,
      correlationId: 'c',
      now: new Date(world.now.getTime() + 10 * HOUR_MS),
    });
    assert.deepEqual(plan, { kind: 'none', why: 'no-display' });
  });
});
