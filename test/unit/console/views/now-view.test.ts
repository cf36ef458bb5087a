import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PendingDigest } from '../../../../shared/alerting/adapters/firestore-pending-digests';
import { type NowView, nowFiltersSchema, nowView } from '../../../../shared/console/views/now-view';
import { type OrgRecord, orgRecordSchema } from '../../../../shared/orgs/org-record';
import { alertState } from '../../../support/alert-state-factory';

const org = (name: string, displayName: string): OrgRecord =>
  orgRecordSchema.parse({
    name,
    displayName,
    enabled: true,
    language: 'ja',
    createdAt: '2025-01-01T00:00:00Z',
  });

const ORGS = [org('acme', 'Acme Corp'), org('beta', 'Beta Ltd')];

/** Each group as `org: severity=[alertIds]...`, to read the whole layout at once. */
const layoutOf = (view: NowView) =>
  view.groups.map((g) => ({
    org: g.org,
    displayName: g.displayName,
    sections: g.sections.map((s) => `${s.severity}=${s.alerts.map((a) => a.state.alertId).join(',')}`),
  }));

const STATES = [
  alertState({ org: 'acme', alertId: 'a-warn-old', status: 'warning', openedAt: '2026-01-10T01:00:00Z' }),
  alertState({ org: 'acme', alertId: 'a-crit', status: 'critical', openedAt: '2026-01-10T02:00:00Z' }),
  alertState({ org: 'acme', alertId: 'a-warn-new', status: 'warning', openedAt: '2026-01-10T03:00:00Z' }),
  alertState({ org: 'acme', alertId: 'a-unknown', status: 'unknown', openedAt: '2026-01-10T00:30:00Z' }),
  alertState({ org: 'beta', alertId: 'b-crit', status: 'critical', openedAt: '2026-01-10T04:00:00Z' }),
  alertState({ org: 'acme', alertId: 'a-closed', status: 'ok', openedAt: '2026-01-10T05:00:00Z' }),
  alertState({ org: 'gamma', alertId: 'g-closed', status: 'ok', openedAt: '2026-01-10T06:00:00Z' }),
];

const NO_COUNTS = { critical: 0, warning: 0, unknown: 0 };
/** What the open-alert index hands Now: entries and Firestore's counts (here as the test says). */
const listing = (entries: typeof STATES, counts = NO_COUNTS) => ({ entries, counts });

describe('nowView', () => {
  it('groups open alerts by org (newest alert first), severities worst first, newest first within', () => {
    const view = nowView(listing(STATES, { critical: 2, warning: 2, unknown: 1 }), ORGS, [], {});
    assert.deepEqual(layoutOf(view), [
      { org: 'beta', displayName: 'Beta Ltd', sections: ['critical=b-crit'] },
      {
        org: 'acme',
        displayName: 'Acme Corp',
        sections: ['critical=a-crit', 'warning=a-warn-new,a-warn-old', 'unknown=a-unknown'],
      },
    ]);
    assert.deepEqual(view.totals, { critical: 2, warning: 2, unknown: 1 });
    assert.equal(view.shown, 5);
  });

  it('takes the totals from the counts, so a page of the newest says how many it left out', () => {
    const view = nowView(
      listing(STATES.slice(0, 2), { critical: 40, warning: 900, unknown: 3 }),
      ORGS,
      [],
      {},
    );
    assert.deepEqual(view.totals, { critical: 40, warning: 900, unknown: 3 });
    assert.equal(view.shown, 2);
  });

  it('leaves closed alerts out, even an org whose only alerts are closed, and an ok status marked open', () => {
    const states = [
      ...STATES,
      // An open flag with status ok has no severity: not shown either.
      alertState({
        org: 'delta',
        alertId: 'd-odd',
        status: 'ok',
        isOpen: true,
        openedAt: '2026-01-10T07:00:00Z',
      }),
      // A critical status on a closed alert is not shown.
      alertState({ org: 'delta', alertId: 'd-closed', status: 'critical', isOpen: false }),
    ];
    const view = nowView(listing(states), ORGS, [], {});
    assert.deepEqual(
      view.groups.map((g) => g.org),
      ['beta', 'acme'],
    );
    const ids = view.groups.flatMap((g) => g.sections.flatMap((s) => s.alerts.map((a) => a.state.alertId)));
    assert.ok(!ids.includes('a-closed') && !ids.includes('g-closed'));
  });

  it('an org without a record is shown by its name', () => {
    const view = nowView(listing([alertState({ org: 'unlisted', alertId: 'u-1' })]), ORGS, [], {});
    assert.equal(view.groups[0]?.displayName, 'unlisted');
  });

  it('orders orgs whose newest alerts tie by name, and alerts opened together by id', () => {
    const at = '2026-01-10T01:00:00Z';
    const view = nowView(
      listing([
        alertState({ org: 'beta', alertId: 'b-2', openedAt: at }),
        alertState({ org: 'acme', alertId: 'a-2', openedAt: at }),
        alertState({ org: 'acme', alertId: 'a-1', openedAt: at }),
      ]),
      ORGS,
      [],
      {},
    );
    assert.deepEqual(
      layoutOf(view).map((g) => `${g.org}:${g.sections.join('|')}`),
      ['acme:critical=a-1,a-2', 'beta:critical=b-2'],
    );
  });

  it('filters by org and by severity', () => {
    const acme = nowView(listing(STATES), ORGS, [], { org: 'acme' });
    assert.deepEqual(
      acme.groups.map((g) => g.org),
      ['acme'],
    );
    assert.equal(acme.shown, 4);

    const warnings = nowView(listing(STATES), ORGS, [], { severity: 'warning' });
    assert.deepEqual(layoutOf(warnings), [
      { org: 'acme', displayName: 'Acme Corp', sections: ['warning=a-warn-new,a-warn-old'] },
    ]);
    assert.equal(warnings.shown, 2);

    const none = nowView(listing(STATES), ORGS, [], { org: 'beta', severity: 'unknown' });
    assert.deepEqual(none.groups, []);
    assert.equal(none.shown, 0);
  });

  it('marks each alert folded into a pending digest with that digest, by org and alert id', () => {
    const digests: PendingDigest[] = [
      {
        digestId: 'dg-2',
        routeKey: 'org:noc',
        windowEnd: '2026-01-10T04:10:00Z',
        folds: [
          { org: 'acme', alertId: 'a-crit' },
          // Same alert id in another org: only that org's alert is marked.
          { org: 'gamma', alertId: 'b-crit' },
        ],
      },
      {
        digestId: 'dg-1',
        routeKey: 'msp:all',
        windowEnd: '2026-01-10T04:05:00Z',
        folds: [{ org: 'beta', alertId: 'b-crit' }],
      },
      { digestId: 'dg-empty', routeKey: 'default', windowEnd: '2026-01-10T04:00:00Z', folds: [] },
    ];
    const view = nowView(listing(STATES), ORGS, digests, {});
    const digestOf = new Map(
      view.groups.flatMap((g) =>
        g.sections.flatMap((s) => s.alerts.map((a) => [`${g.org}/${a.state.alertId}`, a.digest])),
      ),
    );
    assert.deepEqual(digestOf.get('acme/a-crit'), { routeKey: 'org:noc', windowEnd: '2026-01-10T04:10:00Z' });
    assert.deepEqual(digestOf.get('beta/b-crit'), { routeKey: 'msp:all', windowEnd: '2026-01-10T04:05:00Z' });
    assert.equal(digestOf.get('acme/a-warn-new'), null);
    // Windows that folded something, soonest flush first; the empty one is not a storm.
    assert.deepEqual(
      view.storm.map((d) => d.digestId),
      ['dg-1', 'dg-2'],
    );
    // Filtered by org: only windows holding that org's alerts.
    assert.deepEqual(
      nowView(listing(STATES), ORGS, digests, { org: 'beta' }).storm.map((d) => d.digestId),
      ['dg-1'],
    );
  });

  it('an empty console: no groups, zero totals', () => {
    assert.deepEqual(nowView(listing([]), ORGS, [], {}), {
      groups: [],
      totals: { critical: 0, warning: 0, unknown: 0 },
      shown: 0,
      storm: [],
    });
  });
});

describe('nowFiltersSchema', () => {
  it('takes an org name and a severity, and refuses others', () => {
    assert.deepEqual(nowFiltersSchema.parse({ org: 'acme', severity: 'critical' }), {
      org: 'acme',
      severity: 'critical',
    });
    assert.equal(nowFiltersSchema.safeParse({ severity: 'ok' }).success, false);
    assert.equal(nowFiltersSchema.safeParse({ org: 'not an org' }).success, false);
    assert.equal(nowFiltersSchema.safeParse({ host: 'web' }).success, false);
  });
});
