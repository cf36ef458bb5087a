import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertState } from '../../../../shared/alerting/router/alert-state';
import {
  ALERTS_PAGE_SIZE,
  type AlertSearch,
  alertSearchSchema,
  searchAlerts,
} from '../../../../shared/console/views/alert-search';
import { alertState } from '../../../support/alert-state-factory';

const STATES = [
  alertState({
    org: 'acme',
    alertId: 'a1',
    status: 'critical',
    hostName: 'web-01',
    monitorName: 'CPU usage',
    openedAt: '2026-01-01T23:30:00+09:00',
  }),
  alertState({
    org: 'acme',
    alertId: 'a2',
    status: 'warning',
    hostName: 'WEB-02',
    monitorName: 'Disk /var',
    openedAt: '2026-01-02T00:00:00+09:00',
  }),
  alertState({
    org: 'acme',
    alertId: 'a3',
    status: 'ok',
    hostName: 'db-01',
    monitorName: 'Disk /data',
    openedAt: '2026-01-02T10:00:00+09:00',
  }),
  alertState({
    org: 'beta',
    alertId: 'b1',
    status: 'unknown',
    hostName: null,
    hostId: null,
    monitorName: 'HTTP check shop',
    openedAt: '2026-01-03T09:00:00+09:00',
  }),
  alertState({
    org: 'beta',
    alertId: 'b2',
    status: 'critical',
    hostName: 'web-011',
    monitorName: 'cpu steal',
    openedAt: '2025-12-31T23:59:59+09:00',
  }),
];

const ids = (states: readonly AlertState[], query: AlertSearch) =>
  searchAlerts(states, query).alerts.map((s) => s.alertId);
const search = (raw: Record<string, string>) => ids(STATES, alertSearchSchema.parse(raw));

describe('searchAlerts', () => {
  it('no filter: every alert, newest opened first', () => {
    assert.deepEqual(search({}), ['b1', 'a3', 'a2', 'a1', 'b2']);
  });

  it('filters by org, severity and status', () => {
    assert.deepEqual(search({ org: 'beta' }), ['b1', 'b2']);
    assert.deepEqual(search({ severity: 'critical' }), ['a1', 'b2']);
    // A closed alert has no severity: no severity filter finds it.
    assert.deepEqual(search({ severity: 'warning' }), ['a2']);
    assert.deepEqual(search({ status: 'closed' }), ['a3']);
    assert.deepEqual(search({ status: 'open' }), ['b1', 'a2', 'a1', 'b2']);
    assert.deepEqual(search({ org: 'acme', status: 'open', severity: 'critical' }), ['a1']);
  });

  it('host: a glob is anchored and case-sensitive, else a case-insensitive substring; no host never matches', () => {
    assert.deepEqual(search({ host: 'web-0?' }), ['a1']);
    assert.deepEqual(search({ host: 'web-*' }), ['a1', 'b2']);
    assert.deepEqual(search({ host: 'web' }), ['a2', 'a1', 'b2']);
    assert.deepEqual(search({ host: 'EB-0' }), ['a2', 'a1', 'b2']);
    assert.deepEqual(search({ host: 'shop' }), []);
  });

  it('monitor: a case-insensitive substring', () => {
    assert.deepEqual(search({ monitor: 'cpu' }), ['a1', 'b2']);
    assert.deepEqual(search({ monitor: 'DISK' }), ['a3', 'a2']);
    assert.deepEqual(search({ monitor: 'disk /d' }), ['a3']);
  });

  it('from/to as JST dates mean whole JST days: 23:30 JST on the 1st belongs to the 1st', () => {
    assert.deepEqual(search({ from: '2026-01-01', to: '2026-01-01' }), ['a1']);
    assert.deepEqual(search({ from: '2026-01-02' }), ['b1', 'a3', 'a2']);
    assert.deepEqual(search({ to: '2026-01-01' }), ['a1', 'b2']);
    assert.deepEqual(search({ to: '2025-12-31' }), ['b2']);
    assert.deepEqual(search({ from: '2026-01-03', to: '2026-01-03' }), ['b1']);
  });

  it('from/to as ISO times: from inclusive, to exclusive', () => {
    assert.deepEqual(search({ from: '2026-01-02T00:00:00+09:00' }), ['b1', 'a3', 'a2']);
    assert.deepEqual(search({ from: '2026-01-01T14:30:00Z', to: '2026-01-01T15:00:00Z' }), ['a1']);
    assert.deepEqual(search({ to: '2026-01-01T14:30:00Z' }), ['b2']);
    // A date and a time mixed.
    assert.deepEqual(search({ from: '2026-01-01T23:00:00+09:00', to: '2026-01-02' }), ['a3', 'a2', 'a1']);
  });

  it('orders alerts opened together: open before closed, worst first, then org and id', () => {
    const at = '2026-02-01T00:00:00Z';
    const states = [
      alertState({ org: 'beta', alertId: 'closed', status: 'ok', openedAt: at }),
      alertState({ org: 'beta', alertId: 'warn', status: 'warning', openedAt: at }),
      alertState({ org: 'beta', alertId: 'unknown', status: 'unknown', openedAt: at }),
      alertState({ org: 'beta', alertId: 'crit-b', status: 'critical', openedAt: at }),
      alertState({ org: 'acme', alertId: 'crit-z', status: 'critical', openedAt: at }),
      alertState({ org: 'acme', alertId: 'crit-a', status: 'critical', openedAt: at }),
    ];
    assert.deepEqual(ids(states, {}), ['crit-a', 'crit-z', 'crit-b', 'warn', 'unknown', 'closed']);
  });

  it(`shows at most ${ALERTS_PAGE_SIZE} alerts, the newest, and counts the rest as more`, () => {
    const many = Array.from({ length: ALERTS_PAGE_SIZE + 5 }, (_, i) =>
      alertState({ alertId: `x${String(i).padStart(3, '0')}`, openedAt: 1_767_000_000 + i * 60 }),
    );
    const result = searchAlerts(many, {});
    assert.equal(result.alerts.length, ALERTS_PAGE_SIZE);
    assert.equal(result.more, 5);
    assert.equal(result.alerts[0]?.alertId, `x${ALERTS_PAGE_SIZE + 4}`);
    assert.equal(result.alerts.at(-1)?.alertId, 'x005');
    assert.equal(searchAlerts(many.slice(0, ALERTS_PAGE_SIZE), {}).more, 0);
  });
});

describe('alertSearchSchema', () => {
  const problems = (raw: Record<string, string>) => {
    const parsed = alertSearchSchema.safeParse(raw);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('refuses to at or before from, on the to path', () => {
    assert.deepEqual(problems({ from: '2026-01-02', to: '2026-01-01' }), ['to: must be after from']);
    assert.deepEqual(problems({ from: '2026-01-01T10:00:00Z', to: '2026-01-01T10:00:00Z' }), [
      'to: must be after from',
    ]);
    assert.deepEqual(problems({ from: '2026-01-01T10:00:00Z', to: '2026-01-01T09:00:00Z' }), [
      'to: must be after from',
    ]);
    // The same date in both: the whole day.
    assert.deepEqual(problems({ from: '2026-01-01', to: '2026-01-01' }), []);
  });

  it('refuses a bad glob and a bad time, each on its path', () => {
    assert.deepEqual(problems({ host: 'web\\' }), ['host: not a valid glob']);
    const timeProblem = 'expected a date (YYYY-MM-DD, JST) or an ISO time with offset';
    assert.deepEqual(problems({ from: 'yesterday' }), [`from: ${timeProblem}`]);
    assert.deepEqual(problems({ to: '2026/01/01' }), [`to: ${timeProblem}`]);
    // An ISO time without an offset would be read in the machine's zone.
    assert.deepEqual(problems({ to: '2026-01-01T00:00:00' }), [`to: ${timeProblem}`]);
  });

  it('refuses unknown parameters and bad enums', () => {
    assert.notDeepEqual(problems({ hostname: 'web' }), []);
    assert.notDeepEqual(problems({ severity: 'ok' }), []);
    assert.notDeepEqual(problems({ status: 'resolved' }), []);
  });

  it('refuses a date that is not in the calendar', () => {
    assert.notDeepEqual(problems({ from: '2026-13-01' }), []);
    assert.notDeepEqual(problems({ from: '2026-02-30' }), []);
  });
});
