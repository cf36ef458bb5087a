import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertFactsOf } from '../../../../shared/alerting/router/alert-facts';
import {
  alertSummaryOf,
  buildNotification,
  notificationId,
} from '../../../../shared/alerting/router/build-notification';
import { parseWebhookBody } from '../../../../shared/mackerel/webhook/parse-webhook';
import { notificationMessageSchema } from '../../../../shared/notify/message/notification-message';
import { readFixture } from '../../../support/fixtures';
import { hostAlert } from '../../../support/notifications';

/** When the test's events arrived: what a body without a plausible time is timed by. */
const RECEIVED_AT_SECONDS = 1_767_225_600;

function factsOf(name: string, patch?: (body: Record<string, unknown>) => void) {
  const body = readFixture(name);
  patch?.(body);
  const parsed = parseWebhookBody(body);
  if (!parsed.ok) assert.fail(JSON.stringify(parsed.issues));
  const facts = alertFactsOf(parsed.event, 'acme-prod', RECEIVED_AT_SECONDS);
  assert.ok(facts, `${name} has alert facts`);
  return facts;
}

const ids = { org: 'acme-prod', dedupKey: 'a'.repeat(32), routeKey: 'org:web-team', kind: 'alert' } as const;

describe('notificationId', () => {
  it('is a function of org, dedup key, route key and kind only', () => {
    assert.equal(notificationId(ids), notificationId({ ...ids }));
    const variants = [
      { ...ids, org: 'beta-stg' },
      { ...ids, dedupKey: 'b'.repeat(32) },
      { ...ids, routeKey: 'msp:web-team' },
      { ...ids, kind: 'recovery' as const },
    ];
    const all = new Set([notificationId(ids), ...variants.map(notificationId)]);
    assert.equal(all.size, 5);
  });

  it('reads as kind and org and fits the notification id pattern', () => {
    const id = notificationId(ids);
    assert.match(id, /^alert-acme-prod-[0-9a-f]{32}$/);
    const longOrg = notificationId({ ...ids, org: 'o'.repeat(63), kind: 'recovery' });
    assert.ok(longOrg.length <= 200);
    assert.match(longOrg, /^[A-Za-z0-9][\w.:=+~-]{0,199}$/);
  });
});

describe('alert facts and the summary a mail shows', () => {
  const targets: Array<[string, string, string]> = [
    ['alert-host-critical.json', 'web01', 'host'],
    ['alert-connectivity.json', 'db02', 'connectivity'],
    ['alert-check.json', 'web02', 'check'],
    ['alert-anomaly.json', 'web01', 'anomalyDetection'],
    ['alert-service.json', 'shop', 'service'],
    ['alert-external-with-service.json', 'shop', 'external'],
    ['alert-external-no-service.json', 'shop top page', 'external'],
    ['alert-expression-manual-close.json', 'avg load', 'expression'],
    ['alert-query.json', '5xx rate', 'query'],
  ];
  for (const [fixture, target, type] of targets) {
    it(`${fixture}: target ${JSON.stringify(target)}, type ${type}`, () => {
      const facts = factsOf(fixture);
      assert.equal(facts.display.target, target);
      assert.equal(facts.display.type, type);
      assert.equal(facts.subject.kind, 'alert');
    });
  }

  it('builds the summary the mail templates expect from the host fixture', () => {
    const facts = factsOf('alert-host-critical.json');
    const summary = alertSummaryOf({
      org: 'acme-prod',
      orgDisplayName: 'ACME (prod)',
      display: facts.display,
      status: 'critical',
      previousStatus: 'warning',
    });
    assert.deepEqual(summary, hostAlert);
  });

  it('a manual close has a close time, an empty metric and the monitor name to show', () => {
    const facts = factsOf('alert-expression-manual-close.json');
    assert.equal(facts.position.isOpen, false);
    assert.equal(facts.closedAt, 1767230000);
    assert.equal(facts.position.eventTimeSeconds, 1767230000);
    assert.equal(facts.hostId, undefined);
  });

  it('an alert without url, type, message or monitor name still gets a complete summary', () => {
    const facts = factsOf('alert-query.json', (body) => {
      delete body.type;
      delete body.message;
      const alert = body.alert as Record<string, unknown>;
      delete alert.url;
      delete alert.monitorName;
    });
    assert.equal(facts.display.type, 'monitor');
    assert.equal(facts.display.target, '4AlrtQry001', 'nothing else names it');
    assert.equal(facts.display.alertUrl, 'https://mackerel.io/orgs/acme-prod/alerts/4AlrtQry001');
    assert.equal(facts.display.message, '');
    assert.equal(facts.display.monitorName, '');
  });

  it('an alert group is a host-less alert named by its setting, open while it has no closedAt', () => {
    const facts = factsOf('alertGroup-open.json');
    assert.deepEqual(facts.subject, { kind: 'alertGroup', id: '8AgId00001' });
    assert.deepEqual(facts.position, { status: 'critical', isOpen: true, eventTimeSeconds: 1767225600 });
    assert.equal(facts.display.target, 'shop outage');
    assert.equal(facts.display.type, 'alertGroup');
    assert.equal(facts.display.alertUrl, 'https://mackerel.io/orgs/acme-prod/alert-groups/8AgId00001');
    const closed = factsOf('alertGroup-open.json', (body) => {
      body.alertGroup = { ...(body.alertGroup as object), status: 'OK', closedAt: 1767226000 };
    });
    assert.deepEqual(closed.position, { status: 'ok', isOpen: false, eventTimeSeconds: 1767226000 });
  });

  it('other events have no alert facts', () => {
    for (const name of ['hostStatus.json', 'hostRegister.json', 'monitorUpdate.json', 'sample.json']) {
      const parsed = parseWebhookBody(readFixture(name));
      assert.ok(parsed.ok);
      assert.equal(alertFactsOf(parsed.event, 'acme-prod', RECEIVED_AT_SECONDS), undefined);
    }
  });
});

describe('buildNotification', () => {
  const alert = hostAlert;
  const input = {
    kind: 'alert' as const,
    org: 'acme-prod',
    dedupKey: 'd'.repeat(32),
    correlationId: 'corr-1',
    language: 'ja' as const,
    routeKey: 'org:web-team',
    recipients: { to: ['web@example.com'], cc: ['lead@example.com'] },
    targets: [{ kind: 'email' as const }],
    alert,
  };

  it('builds a notification the topic schema accepts, with the deterministic id', () => {
    const built = buildNotification(input);
    assert.ok(built.ok);
    assert.equal(built.notification.id, notificationId({ ...input }));
    assert.equal(built.notification.routeId, 'org:web-team');
    assert.deepEqual(notificationMessageSchema.parse(built.notification), built.notification);
  });

  it('reports instead of throwing when the schema refuses (an alert mail saying OK)', () => {
    const built = buildNotification({ ...input, alert: { ...alert, status: 'ok' } });
    assert.equal(built.ok, false);
    assert.ok(!built.ok && built.issues.some((issue) => /not ok/.test(issue)));
  });

  it('a recovery is ok and carries the status it recovered from', () => {
    const built = buildNotification({
      ...input,
      kind: 'recovery',
      alert: { ...alert, status: 'ok', previousStatus: 'critical', closedAt: 1767226500 },
    });
    assert.ok(built.ok);
    assert.equal(built.notification.alerts[0]?.previousStatus, 'critical');
  });
});
