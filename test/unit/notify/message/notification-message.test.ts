import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  notificationAttributes,
  notificationMessageSchema,
} from '../../../../shared/notify/message/notification-message';
import {
  betaAlert,
  crossOrgDigest,
  hostAlert,
  hostRecovery,
  notification,
  reportNotification,
  serviceAlert,
} from '../../../support/notifications';

const valid = notification();

function issuesOf(overrides: Record<string, unknown>): string[] {
  const result = notificationMessageSchema.safeParse({ ...valid, ...overrides });
  assert.equal(result.success, false, 'expected the schema to reject it');
  return result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
}

describe('notification message', () => {
  it('accepts every kind and defaults cc to none', () => {
    const { cc: _cc, ...recipients } = valid.recipients;
    const parsed = notificationMessageSchema.parse({ ...valid, recipients });
    assert.deepEqual(parsed.recipients.cc, []);
    for (const n of [
      notification({ kind: 'repeat' }),
      notification({ kind: 'recovery', alerts: [hostRecovery] }),
      crossOrgDigest({ suppressedCount: 2 }),
      notification({ kind: 'digest', alerts: [hostAlert, serviceAlert], window: crossOrgDigest().window }),
    ]) {
      assert.equal(notificationMessageSchema.safeParse(n).success, true, n.kind);
    }
  });

  it('holds each kind to its shape', () => {
    assert.match(
      issuesOf({ alerts: [hostAlert, serviceAlert] }).join(),
      /alerts: alert is about exactly one alert/,
    );
    assert.match(issuesOf({ kind: 'digest' }).join(), /window: a digest needs its window/);
    assert.match(issuesOf({ window: crossOrgDigest().window }).join(), /only digests have a window/);
    assert.match(issuesOf({ org: '*' }).join(), /only a digest or report may span orgs/);
    assert.match(issuesOf({ kind: 'recovery' }).join(), /alerts.0.status: a recovery is ok/);
    assert.match(issuesOf({ alerts: [hostRecovery] }).join(), /an alert is not ok/);
    assert.match(
      issuesOf({ alerts: [betaAlert] }).join(),
      /alerts.0.org: alert of beta-stg in a notification for acme-prod/,
    );
    assert.match(
      issuesOf({
        kind: 'digest',
        window: { from: '2026-01-01T00:05:00Z', to: '2026-01-01T00:00:00Z' },
      }).join(),
      /from is after to/,
    );
  });

  it('keeps ids usable as Firestore document ids', () => {
    for (const id of ['a/b', '.', '..', '__x__', '', 'x'.repeat(201), 'sp ace']) {
      assert.match(issuesOf({ id }).join(), /^id: /, JSON.stringify(id));
    }
    assert.equal(
      notificationMessageSchema.safeParse({ ...valid, id: 'acme-prod:4AlrtQ9zZz1:critical:1767225600' })
        .success,
      true,
    );
  });

  it('leaves address validity to SendGrid, beyond the shape of an address', () => {
    const recipients = { to: ['ops@localhost'], cc: [] };
    assert.equal(notificationMessageSchema.safeParse({ ...valid, recipients }).success, true);
    assert.match(
      issuesOf({ recipients: { to: ['not an address'] } }).join(),
      /recipients.to.0: expected an e-mail address/,
    );
    assert.match(issuesOf({ recipients: { to: [] } }).join(), /recipients.to/);
  });

  it('gives producers the attributes to publish with', () => {
    assert.deepEqual(notificationAttributes(valid), {
      org: 'acme-prod',
      kind: 'alert',
      notificationId: valid.id,
      correlationId: 'corr-0123456789',
    });
  });

  it('holds reports to theirs: content and no alerts; content only on reports', () => {
    const report = reportNotification();
    assert.equal(notificationMessageSchema.safeParse({ ...report, org: '*' }).success, true, 'may span orgs');
    const { report: _content, ...bare } = report;
    const issues = (n: unknown) =>
      notificationMessageSchema.safeParse(n).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ??
      [];
    assert.deepEqual(issues(bare), ['report: a report needs its content']);
    assert.deepEqual(issues({ ...report, alerts: [hostAlert] }), ['alerts: a report lists no alerts']);
    assert.deepEqual(issues({ ...valid, report: report.report }), [
      'report: only reports have content, not alert',
    ]);
    const ragged = { ...report.report, tables: [{ caption: 'x', columns: ['a', 'b'], rows: [['1']] }] };
    assert.deepEqual(issues({ ...report, report: ragged }), [
      'report.tables.0.rows.0: row has 1 cells, the table 2 columns',
    ]);
  });
});
