import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertPosition } from '../../../shared/alerting/router/alert-transition';
import type { ApiAlert } from '../../../shared/mackerel/api/alert-schema';
import {
  findMissedChanges,
  type MissedChange,
  type ReconcileClock,
  readBackSince,
} from '../../../shared/reconcile/missed-change';

const NOW = 1_767_232_800; // 2026-01-01T02:00:00Z
const CLOCK: ReconcileClock = { observedAt: NOW, windowStart: NOW - 7200, settleSeconds: 300 };
const ORG = 'acme-prod';

const apiAlert = (fields: Partial<ApiAlert> = {}): ApiAlert => ({
  id: 'A1',
  status: 'critical',
  monitorId: 'M1',
  type: 'host',
  hostId: 'H1',
  openedAt: NOW - 1800,
  ...fields,
});
const closed = (fields: Partial<ApiAlert> = {}) =>
  apiAlert({ status: 'ok', closedAt: NOW - 900, reason: 'recovered', ...fields });
const open = (status: AlertPosition['status'], eventTimeSeconds: number): AlertPosition => ({
  status,
  isOpen: true,
  eventTimeSeconds,
});

function find(
  alerts: ApiAlert[],
  states: Record<string, AlertPosition> = {},
  options: { muted?: string[]; clock?: Partial<ReconcileClock> } = {},
): MissedChange[] {
  return findMissedChanges({
    org: ORG,
    alerts,
    states: new Map(Object.entries(states)),
    mutedMonitorIds: new Set(options.muted ?? []),
    clock: { ...CLOCK, ...options.clock },
  });
}
const kinds = (changes: MissedChange[]) => changes.map((c) => `${c.alert.id}:${c.kind}`);

describe('findMissedChanges', () => {
  it('a dropped open: Mackerel has an open alert the router never heard of, placed at its openedAt', () => {
    const [change, ...rest] = find([apiAlert()]);
    assert.deepEqual(rest, []);
    assert.equal(change?.kind, 'open');
    assert.deepEqual(change?.position, { status: 'critical', isOpen: true, eventTimeSeconds: NOW - 1800 });
    assert.equal(change?.previousStatus, undefined);
  });

  it('a dropped close: Mackerel closed it, the router still holds it open; placed at its closedAt', () => {
    const [change, ...rest] = find([closed()], { A1: open('critical', NOW - 1800) });
    assert.deepEqual(rest, []);
    assert.equal(change?.kind, 'close');
    assert.deepEqual(change?.position, { status: 'ok', isOpen: false, eventTimeSeconds: NOW - 900 });
    assert.equal(change?.previousStatus, 'critical');
  });

  it('nothing missed: the router agrees with Mackerel on every alert', () => {
    const states = {
      A1: open('critical', NOW - 1800),
      A2: { status: 'ok' as const, isOpen: false, eventTimeSeconds: NOW - 900 },
      A3: open('warning', NOW - 3000),
    };
    const alerts = [apiAlert(), closed({ id: 'A2' }), apiAlert({ id: 'A3', status: 'warning' })];
    assert.deepEqual(find(alerts, states), []);
  });

  it('a dropped status change: placed at the observation time, after the router last heard', () => {
    const [change, ...rest] = find([apiAlert({ status: 'warning' })], { A1: open('critical', NOW - 1800) });
    assert.deepEqual(rest, []);
    assert.equal(change?.kind, 'change');
    assert.deepEqual(change?.position, { status: 'warning', isOpen: true, eventTimeSeconds: NOW });
    assert.equal(change?.previousStatus, 'critical');
  });

  it('the router ahead of the API: closed there already, or news newer than the settle time', () => {
    const closedInRouter = { status: 'ok' as const, isOpen: false, eventTimeSeconds: NOW - 60 };
    assert.deepEqual(find([apiAlert()], { A1: closedInRouter }), [], 'Mackerel never reopens an alert');
    assert.deepEqual(
      find([apiAlert({ status: 'warning' })], { A1: open('critical', NOW - 120) }),
      [],
      'the router heard 2 minutes ago: its status may be newer than the listing',
    );
    assert.deepEqual(
      find([closed({ closedAt: NOW - 1000 })], { A1: open('critical', NOW - 900) }),
      [],
      'an open newer than the close is the router knowing more, not less',
    );
    const sameSecond = { clock: { settleSeconds: 0 } };
    assert.deepEqual(
      find([apiAlert({ status: 'warning' })], { A1: open('critical', NOW) }, sameSecond),
      [],
      'news of the observation second itself: the more severe status wins the tie, as in the router',
    );
    assert.deepEqual(
      kinds(find([apiAlert({ status: 'critical' })], { A1: open('warning', NOW) }, sameSecond)),
      ['A1:change'],
    );
  });

  it('window edges: an unseen alert opened exactly at the window start counts, one second before does not', () => {
    const atStart = apiAlert({ id: 'in', openedAt: CLOCK.windowStart });
    const before = apiAlert({ id: 'out', openedAt: CLOCK.windowStart - 1 });
    assert.deepEqual(kinds(find([atStart, before])), ['in:open']);
    assert.deepEqual(
      kinds(find([closed({ id: 'in', openedAt: CLOCK.windowStart }), closed({ id: 'out', openedAt: 0 })])),
      ['in:open-and-close'],
    );
  });

  it('window edges: an alert the router holds open is compared whatever its age', () => {
    const old = closed({ openedAt: NOW - 86_400 * 3 });
    assert.deepEqual(kinds(find([old], { A1: open('critical', NOW - 86_400 * 3) })), ['A1:close']);
  });

  it('settle edge: a change younger than the settle time is left to its webhook', () => {
    const settled = NOW - CLOCK.settleSeconds;
    assert.deepEqual(kinds(find([apiAlert({ openedAt: settled })])), ['A1:open']);
    assert.deepEqual(find([apiAlert({ openedAt: settled + 1 })]), []);
    const state = { A1: open('critical', NOW - 1800) };
    assert.deepEqual(kinds(find([closed({ closedAt: settled })], state)), ['A1:close']);
    assert.deepEqual(find([closed({ closedAt: settled + 1 })], state), []);
  });

  it('an unseen alert that is already closed: both webhooks lost, one closed event', () => {
    const [change] = find([closed()]);
    assert.equal(change?.kind, 'open-and-close');
    assert.deepEqual(change?.position, { status: 'ok', isOpen: false, eventTimeSeconds: NOW - 900 });
  });

  it('a muted monitor sent nothing to miss, except that a close still ends what the router holds open', () => {
    assert.deepEqual(find([apiAlert()], {}, { muted: ['M1'] }), []);
    assert.deepEqual(
      find([apiAlert({ status: 'warning' })], { A1: open('critical', 0) }, { muted: ['M1'] }),
      [],
    );
    assert.deepEqual(kinds(find([closed()], { A1: open('critical', 0) }, { muted: ['M1'] })), ['A1:close']);
  });

  it('a change id names the change, not the run: a later run that finds it again has the same id', () => {
    const state = { A1: open('critical', NOW - 1800) };
    const first = find([apiAlert({ status: 'warning' })], state);
    const later = find([apiAlert({ status: 'warning' })], state, { clock: { observedAt: NOW + 900 } });
    assert.equal(first[0]?.changeId, later[0]?.changeId);
    assert.notEqual(first[0]?.position.eventTimeSeconds, later[0]?.position.eventTimeSeconds);
    const other = find([apiAlert({ status: 'unknown' })], state);
    assert.notEqual(first[0]?.changeId, other[0]?.changeId);
    const otherOrg = findMissedChanges({
      org: 'beta',
      alerts: [apiAlert({ status: 'warning' })],
      states: new Map(Object.entries(state)),
      mutedMonitorIds: new Set(),
      clock: CLOCK,
    });
    assert.notEqual(first[0]?.changeId, otherOrg[0]?.changeId);
  });
});

describe('readBackSince', () => {
  const windowStart = CLOCK.windowStart;
  const routerOpen = [
    { alertId: 'still-open', openedAt: NOW - 86_400 * 5 },
    { alertId: 'closed-meanwhile', openedAt: NOW - 86_400 },
  ];

  it('reaches back to the oldest alert the router holds open that Mackerel no longer lists open', () => {
    assert.equal(readBackSince(windowStart, routerOpen, new Set(['still-open'])), NOW - 86_400);
  });

  it('stays at the window when nothing was closed meanwhile, or the open list was cut short', () => {
    assert.equal(
      readBackSince(windowStart, routerOpen, new Set(['still-open', 'closed-meanwhile'])),
      windowStart,
    );
    assert.equal(readBackSince(windowStart, routerOpen, undefined), windowStart);
    assert.equal(readBackSince(windowStart, [], new Set()), windowStart);
  });
});
