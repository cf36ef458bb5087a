import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type AlertPosition,
  type AlertTransition,
  decideAlertTransition,
  severityRank,
} from '../../../../shared/alerting/router/alert-transition';
import { ALERT_STATUSES, type AlertStatus } from '../../../../shared/mackerel/alert-status';

const open = (status: AlertStatus, eventTimeSeconds: number): AlertPosition => ({
  status,
  isOpen: true,
  eventTimeSeconds,
});
const closed = (eventTimeSeconds: number, status: AlertStatus = 'ok'): AlertPosition => ({
  status,
  isOpen: false,
  eventTimeSeconds,
});

const T = 1767225600;

describe('severityRank', () => {
  it('orders ok < warning < unknown < critical, as routes do', () => {
    assert.deepEqual(
      ['ok', 'warning', 'unknown', 'critical'].map((s) => severityRank(s as AlertStatus)),
      [0, 1, 2, 3],
    );
  });
});

describe('decideAlertTransition', () => {
  const cases: Array<[string, AlertPosition | undefined, AlertPosition, AlertTransition]> = [
    // first sight
    ['first open event opens', undefined, open('critical', T), 'opened'],
    ['first open warning opens', undefined, open('warning', T), 'opened'],
    ['first event already closed is a recovery (nobody to tell)', undefined, closed(T), 'recovered'],
    // escalate / de-escalate
    ['warning -> critical later escalates', open('warning', T), open('critical', T + 60), 'escalated'],
    ['warning -> unknown later escalates', open('warning', T), open('unknown', T + 60), 'escalated'],
    ['critical -> warning later changes', open('critical', T), open('warning', T + 60), 'changed'],
    ['unknown -> warning later changes', open('unknown', T), open('warning', T + 60), 'changed'],
    // recover
    ['open -> closed later recovers', open('critical', T), closed(T + 900), 'recovered'],
    [
      'open -> closed at the same time recovers (closed beats open)',
      open('critical', T),
      closed(T),
      'recovered',
    ],
    // stale
    [
      'an older open event after a newer open is stale',
      open('critical', T + 60),
      open('warning', T),
      'stale',
    ],
    ['an older same-status event is stale', open('critical', T + 60), open('critical', T), 'stale'],
    ['an older close after a newer open is stale', open('critical', T + 60), closed(T), 'stale'],
    ['the critical arriving after its OK is stale', closed(T + 900), open('critical', T), 'stale'],
    ['an open event at the close time is stale (closed beats open)', closed(T), open('critical', T), 'stale'],
    [
      'at equal time a less severe open event is stale (the more severe wins the tie)',
      open('critical', T),
      open('warning', T),
      'stale',
    ],
    // equal time, more severe
    [
      'at equal time a more severe open event escalates',
      open('warning', T),
      open('critical', T),
      'escalated',
    ],
    // duplicates
    [
      'the same open status at the same time is a duplicate',
      open('critical', T),
      open('critical', T),
      'duplicate',
    ],
    [
      'the same open status reported later is a duplicate (repeat check)',
      open('critical', T),
      open('critical', T + 3600),
      'duplicate',
    ],
    ['the same close again is a duplicate', closed(T), closed(T), 'duplicate'],
    ['a later close of a closed alert is a duplicate', closed(T), closed(T + 60), 'duplicate'],
    [
      'two closes at equal time are duplicates whatever the status text',
      closed(T, 'ok'),
      closed(T, 'critical'),
      'duplicate',
    ],
    // reopen
    ['an open event newer than the close reopens', closed(T), open('warning', T + 60), 'opened'],
  ];
  for (const [name, current, event, expected] of cases) {
    it(name, () => assert.equal(decideAlertTransition(current, event), expected));
  }

  it('covers every (current, event) combination of status, openness and relative time', () => {
    const positions = (time: number) =>
      ALERT_STATUSES.flatMap((status) => [open(status, time), closed(time, status)]);
    for (const current of positions(T)) {
      for (const event of [...positions(T - 1), ...positions(T), ...positions(T + 1)]) {
        const transition = decideAlertTransition(current, event);
        if (event.eventTimeSeconds < current.eventTimeSeconds) assert.equal(transition, 'stale');
        if (event.eventTimeSeconds > current.eventTimeSeconds) assert.notEqual(transition, 'stale');
        if (!event.isOpen) assert.ok(['recovered', 'duplicate', 'stale'].includes(transition));
        if (event.isOpen) assert.notEqual(transition, 'recovered');
        if (transition === 'escalated') {
          assert.ok(severityRank(event.status) > severityRank(current.status) && current.isOpen);
        }
        if (transition === 'changed') assert.ok(severityRank(event.status) < severityRank(current.status));
      }
    }
  });
});

/** The state a sequence of events leaves: what the router keeps (stale events change nothing). */
function fold(events: readonly AlertPosition[]): AlertPosition | undefined {
  let state: AlertPosition | undefined;
  for (const event of events) {
    if (decideAlertTransition(state, event) !== 'stale') state = event;
  }
  return state;
}

/** What the order decides: time and openness, and the status while open (a close is a close). */
const essence = (p: AlertPosition | undefined) =>
  p && { eventTimeSeconds: p.eventTimeSeconds, isOpen: p.isOpen, status: p.isOpen ? p.status : 'closed' };

const positionArb = fc.record({
  status: fc.constantFrom(...ALERT_STATUSES),
  isOpen: fc.boolean(),
  eventTimeSeconds: fc.integer({ min: T, max: T + 5 }),
});

describe('monotonic state', () => {
  it('any arrival order of the same events ends in the same state', () => {
    fc.assert(
      fc.property(
        fc
          .array(positionArb, { minLength: 1, maxLength: 8 })
          .chain((events) =>
            fc.tuple(
              fc.constant(events),
              fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
            ),
          ),
        ([events, shuffled]) => {
          assert.deepEqual(essence(fold(shuffled)), essence(fold(events)));
        },
      ),
    );
  });

  it('never goes back in time and never reopens from an older event', () => {
    fc.assert(
      fc.property(fc.array(positionArb, { minLength: 1, maxLength: 8 }), (events) => {
        let state: AlertPosition | undefined;
        for (const event of events) {
          const transition = decideAlertTransition(state, event);
          if (transition === 'stale') continue;
          if (state) assert.ok(event.eventTimeSeconds >= state.eventTimeSeconds);
          if (state && !state.isOpen && event.isOpen) {
            assert.ok(event.eventTimeSeconds > state.eventTimeSeconds);
          }
          state = event;
        }
      }),
    );
  });

  it('re-delivering every event after the fact changes nothing', () => {
    fc.assert(
      fc.property(fc.array(positionArb, { minLength: 1, maxLength: 8 }), (events) => {
        assert.deepEqual(essence(fold([...events, ...events])), essence(fold(events)));
      }),
    );
  });
});
