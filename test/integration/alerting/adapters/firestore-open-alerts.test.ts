import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { firestoreAlertStates } from '../../../../shared/alerting/adapters/firestore-alert-states';
import { firestoreOpenAlerts } from '../../../../shared/alerting/adapters/firestore-open-alerts';
import type { AlertState } from '../../../../shared/alerting/router/alert-state';
import { COLLECTIONS } from '../../../../shared/platform/firestore/firestore-collections';
import { alertState } from '../../../support/alert-state-factory';
import { type FlowBackends, startFlowBackends } from '../../../support/flow-backends';

/** The open-alert index beside the router's alert state, on the real client and the npm emulator. */
let backends: FlowBackends;

before(async () => {
  backends = await startFlowBackends();
});

after(async () => {
  await backends?.stop();
});

const subjectOf = (s: AlertState) => ({ kind: s.kind, id: s.alertId });
const ids = (entries: { org: string; alertId: string }[]) => entries.map((e) => `${e.org}/${e.alertId}`);

describe('the open-alert index', () => {
  it('holds each open alert once, newest first, counted per status; a closing write removes it', async () => {
    const db = backends.db;
    const states = firestoreAlertStates(db);
    const index = firestoreOpenAlerts(db);
    const opened = [
      alertState({ org: 'idx-a', alertId: 'a1', status: 'critical', openedAt: '2026-01-10T01:00:00Z' }),
      alertState({ org: 'idx-a', alertId: 'a2', status: 'warning', openedAt: '2026-01-10T02:00:00Z' }),
      alertState({ org: 'idx-b', alertId: 'b1', status: 'critical', openedAt: '2026-01-10T03:00:00Z' }),
      // Same id in another kind: its own entry.
      alertState({ org: 'idx-b', alertId: 'b1', kind: 'alertGroup', openedAt: '2026-01-10T00:00:00Z' }),
    ];
    const versions = new Map<string, string>();
    for (const s of opened) {
      const version = await states.put(s.org, subjectOf(s), s, undefined);
      assert.ok(version);
      versions.set(`${s.org}/${s.kind}/${s.alertId}`, version);
    }
    const all = await index.newest({ limit: 10 });
    assert.deepEqual(ids(all.entries), ['idx-b/b1', 'idx-a/a2', 'idx-a/a1', 'idx-b/b1']);
    assert.deepEqual(all.counts, { critical: 3, warning: 1, unknown: 0 });
    // The delivery bookkeeping stays with the state.
    assert.ok(all.entries.every((e) => !('outbox' in e) && !('notifiedRoutes' in e)));

    const newestTwo = await index.newest({ limit: 2 });
    assert.deepEqual(ids(newestTwo.entries), ['idx-b/b1', 'idx-a/a2']);
    assert.deepEqual(newestTwo.counts, all.counts, 'the counts do not depend on the limit');
    assert.deepEqual(ids((await index.newest({ org: 'idx-a', limit: 10 })).entries), [
      'idx-a/a2',
      'idx-a/a1',
    ]);
    const critical = await index.newest({ status: 'critical', limit: 10 });
    assert.deepEqual(critical.counts, { critical: 3, warning: 0, unknown: 0 });

    // a2 recovers: the same write that closes the state removes its entry.
    const a2 = opened[1];
    assert.ok(a2);
    const closed: AlertState = { ...a2, status: 'ok', isOpen: false, closedAt: a2.openedAt + 600 };
    assert.ok(await states.put('idx-a', subjectOf(a2), closed, versions.get('idx-a/alert/a2')));
    const afterClose = await index.newest({ org: 'idx-a', limit: 10 });
    assert.deepEqual(ids(afterClose.entries), ['idx-a/a1']);
    assert.deepEqual(afterClose.counts, { critical: 1, warning: 0, unknown: 0 });
  });

  it('a write that loses its race writes no entry either (one batch)', async () => {
    const db = backends.db;
    const states = firestoreAlertStates(db);
    const first = alertState({ org: 'idx-race', alertId: 'r1', status: 'warning' });
    assert.ok(await states.put('idx-race', subjectOf(first), first, undefined));
    // A second creator of the same alert loses (the state exists), and must not overwrite the entry.
    const second = { ...first, status: 'critical' as const, monitorName: 'the loser' };
    assert.equal(await states.put('idx-race', subjectOf(second), second, undefined), undefined);
    const [entry] = (await firestoreOpenAlerts(db).newest({ org: 'idx-race', limit: 5 })).entries;
    assert.equal(entry?.status, 'warning');
    assert.equal(entry?.monitorName, first.monitorName);
  });

  it('reconcile writes the entries of states stored before the index, and drops entries of closed ones', async () => {
    const db = backends.db;
    const index = firestoreOpenAlerts(db);
    const org = 'idx-old';
    const open = alertState({ org, alertId: 'o1', status: 'unknown' });
    const gone = alertState({ org, alertId: 'o2' });
    // o1 written as an older release did (no entry); o2's entry outlived its state.
    await db.collection(COLLECTIONS.orgs).doc(org).collection(COLLECTIONS.alerts).doc('o1').set(open);
    await index.docOf(org, subjectOf(gone)).set({ ...gone });
    assert.deepEqual(ids((await index.newest({ org, limit: 5 })).entries), ['idx-old/o2']);
    const { listOpen } = firestoreAlertStates(db);
    const result = await index.reconcile(
      org,
      (await listOpen(org)).map((v) => v.value),
    );
    assert.deepEqual(result, { written: 1, deleted: 1 });
    assert.deepEqual(ids((await index.newest({ org, limit: 5 })).entries), ['idx-old/o1']);
    // Run again: nothing to delete, the entry rewritten as it is.
    assert.deepEqual(
      await index.reconcile(
        org,
        (await listOpen(org)).map((v) => v.value),
      ),
      {
        written: 1,
        deleted: 0,
      },
    );
  });
});
