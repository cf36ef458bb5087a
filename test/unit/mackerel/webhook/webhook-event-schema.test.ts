import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeEvent, type EventDescription } from '../../../../shared/mackerel/webhook/describe-event';
import { parseWebhookBody } from '../../../../shared/mackerel/webhook/parse-webhook';
import type { AlertEvent } from '../../../../shared/mackerel/webhook/webhook-alert-schema';
import {
  isKnownWebhookEvent,
  type WebhookEvent,
} from '../../../../shared/mackerel/webhook/webhook-event-schema';
import { REPO_ROOT } from '../../../support/repo-root';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/mackerel');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

function parseOk(body: unknown): WebhookEvent {
  const result = parseWebhookBody(body);
  if (!result.ok) assert.fail(`expected ok, got ${JSON.stringify(result.issues)}`);
  return result.event;
}

function parseAlert(body: unknown): AlertEvent {
  const event = parseOk(body);
  assert.ok(isKnownWebhookEvent(event) && event.event === 'alert', 'expected an alert event');
  return event;
}

function issuesOf(body: unknown) {
  const result = parseWebhookBody(body);
  if (result.ok) assert.fail('expected a rejection');
  return result.issues;
}

/** An alert body with one part replaced; structuredClone keeps the fixture pristine. */
function alertWith(patch: { top?: Record<string, unknown>; alert?: Record<string, unknown> }) {
  const body = structuredClone(fixture('alert-host-critical.json'));
  const alert = { ...(body.alert as Record<string, unknown>), ...patch.alert };
  return { ...body, ...patch.top, alert };
}

/** The current sample from Mackerel's webhook documentation, oddities included. */
const DOCUMENTED_SAMPLE = {
  orgName: 'Macker...',
  event: 'alert',
  imageUrl: 'https://mackerel.io/embed/public/.../....png',
  memo: 'memo....',
  type: 'host',
  message: 'MetricName 2.26 > 1.96',
  host: {
    id: '22D4...',
    name: 'app01',
    url: 'https://mackerel.io/orgs/.../hosts/...',
    type: 'unknown',
    status: 'working',
    memo: '',
    isRetired: false,
    roles: [
      {
        fullname: 'Service: Role',
        serviceName: 'Service',
        serviceUrl: 'https://mackerel.io/orgs/.../services/...',
        roleName: 'Role',
        roleUrl: 'https://mackerel.io/orgs/.../services/...',
      },
    ],
  },
  alert: {
    openedAt: 1473129912,
    closedAt: 1473130092,
    createdAt: 1473129912693,
    criticalThreshold: 1.9588528112516932,
    duration: 5,
    isOpen: true,
    metricLabel: 'MetricName',
    metricValue: 2.255356387321597,
    monitorName: 'MonitorName',
    monitorOperator: '>',
    status: 'critical',
    trigger: 'monitor',
    id: '2bj...',
    url: 'https://mackerel.io/orgs/.../alerts/2bj...',
    warningThreshold: 1.4665636369580741,
  },
};

describe('every fixture', () => {
  const expected: Record<string, Partial<EventDescription>> = {
    'alert-anomaly.json': {
      alertId: '4AlrtAno001',
      alertStatus: 'warning',
      isOpen: true,
      eventTimeSeconds: 1767225600,
      hostId: '3xHostA1b2C',
      hostName: 'web01',
      monitorName: 'anomaly shop web',
    },
    'alert-check.json': {
      alertId: '4AlrtChk001',
      alertStatus: 'warning',
      isOpen: true,
      eventTimeSeconds: 1767225600,
      hostId: '3xHostW2',
      hostName: 'web02',
      monitorName: 'procs-nginx',
    },
    'alert-connectivity.json': {
      alertId: '4AlrtConn01',
      alertStatus: 'critical',
      isOpen: true,
      eventTimeSeconds: 1767225600,
      hostId: '3xHostD4e5F',
      hostName: 'db02',
      monitorName: 'connectivity',
    },
    'alert-expression-manual-close.json': {
      alertId: '4AlrtExp001',
      alertStatus: 'ok',
      isOpen: false,
      eventTimeSeconds: 1767230000,
      hostId: undefined,
      monitorName: 'avg load',
    },
    'alert-external-no-service.json': {
      alertId: '4AlrtExt001',
      alertStatus: 'critical',
      isOpen: true,
      eventTimeSeconds: 1767225600,
      hostId: undefined,
      monitorName: 'shop top page',
    },
    'alert-external-with-service.json': {
      alertId: '4AlrtExt002',
      alertStatus: 'critical',
      isOpen: true,
      eventTimeSeconds: 1767225600,
      hostId: undefined,
      monitorName: 'shop api',
    },
    'alert-host-critical.json': {
      alertId: '4AlrtQ9zZz1',
      alertStatus: 'critical',
      isOpen: true,
      eventTimeSeconds: 1767225600,
      hostId: '3xHostA1b2C',
      hostName: 'web01',
      monitorName: 'CPU %',
    },
    'alert-host-ok.json': {
      alertId: '4AlrtQ9zZz1',
      alertStatus: 'ok',
      isOpen: false,
      eventTimeSeconds: 1767226500,
      hostId: '3xHostA1b2C',
      hostName: 'web01',
      monitorName: 'CPU %',
    },
    'alert-query.json': {
      alertId: '4AlrtQry001',
      alertStatus: 'critical',
      isOpen: true,
      eventTimeSeconds: 1767225600,
      hostId: undefined,
      monitorName: '5xx rate',
    },
    'alert-service.json': {
      alertId: '4AlrtSvc001',
      alertStatus: 'critical',
      isOpen: true,
      eventTimeSeconds: 1767225600,
      hostId: undefined,
      monitorName: 'shop - orders.failed',
    },
    'alertGroup-open.json': { alertId: undefined, alertStatus: 'critical', eventTimeSeconds: 1767225600 },
    'hostRegister.json': { hostId: '3xHostNew9', hostName: 'unknown-box', eventTimeSeconds: undefined },
    'hostRetire.json': { hostId: '3xHostOld1', hostName: 'old01', eventTimeSeconds: undefined },
    'hostStatus.json': { hostId: '3xHostA1b2C', hostName: 'web01', eventTimeSeconds: undefined },
    'monitorUpdate.json': { monitorName: 'CPU %', eventTimeSeconds: undefined },
    'sample.json': { orgName: undefined, eventTimeSeconds: undefined },
  };

  const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));

  it('has an expectation for each fixture file', () => {
    assert.deepEqual(files.toSorted(), Object.keys(expected).toSorted());
  });

  for (const name of files) {
    it(`${name} parses and is described correctly`, () => {
      const body = fixture(name);
      const event = parseOk(body);
      assert.ok(isKnownWebhookEvent(event), 'every fixture is a known event type');
      const description = describeEvent(event);
      assert.equal(description.eventType, body.event);
      assert.equal(description.orgName, name === 'sample.json' ? undefined : 'acme-prod');
      for (const [key, value] of Object.entries(expected[name] ?? {})) {
        assert.equal(description[key as keyof EventDescription], value, `${name}: ${key}`);
      }
    });
  }

  it('keeps lower-case alert statuses and every key of the body', () => {
    const body = fixture('alert-host-critical.json');
    assert.deepEqual(parseAlert(body), body);
  });
});

describe('contract traps', () => {
  it('accepts the documented sample with placeholder strings and closedAt set while open', () => {
    const event = parseAlert(DOCUMENTED_SAMPLE);
    assert.equal(event.orgName, 'Macker...');
    assert.equal(event.host?.id, '22D4...');
    assert.equal(event.alert.id, '2bj...');
    assert.equal(event.alert.closedAt, 1473130092);
    const description = describeEvent(event);
    assert.equal(description.isOpen, true, 'isOpen is the truth, not closedAt');
    assert.equal(description.eventTimeSeconds, 1473129912, 'an open alert is not timed by closedAt');
  });

  it('accepts the newer documented sample that adds statusChangedAt', () => {
    const body = { ...DOCUMENTED_SAMPLE, alert: { ...DOCUMENTED_SAMPLE.alert, statusChangedAt: 1473130092 } };
    assert.equal(describeEvent(parseAlert(body)).eventTimeSeconds, 1473130092);
  });

  it('keeps unknown keys at every level', () => {
    const body = structuredClone(fixture('alert-host-critical.json'));
    body.futureTopLevel = { nested: [1, 'two', null] };
    const host = body.host as { roles: Array<Record<string, unknown>>; [key: string]: unknown };
    host.type = 'unknown';
    host.roles[0] = { ...host.roles[0], futureRoleKey: true };
    body.alert = { ...(body.alert as object), futureAlertKey: 42 };
    const event = parseAlert(body);
    assert.deepEqual(event.futureTopLevel, { nested: [1, 'two', null] });
    assert.equal(event.host?.type, 'unknown');
    assert.equal(event.host?.roles[0]?.futureRoleKey, true);
    assert.equal(event.alert.futureAlertKey, 42);
  });

  it('accepts missing metric keys and null thresholds', () => {
    const anomaly = parseAlert(fixture('alert-anomaly.json'));
    assert.equal('metricValue' in anomaly.alert, false);
    assert.equal('criticalThreshold' in anomaly.alert, false);
    const nulls = parseAlert(alertWith({ alert: { metricValue: null, warningThreshold: null } }));
    assert.equal(nulls.alert.warningThreshold, null);
    assert.equal(nulls.alert.criticalThreshold, 90);
  });

  it('accepts int and float numbers alike', () => {
    const event = parseAlert(
      alertWith({ alert: { metricValue: 97, criticalThreshold: 89.99, duration: 1.5 } }),
    );
    assert.equal(event.alert.metricValue, 97);
    assert.equal(event.alert.criticalThreshold, 89.99);
  });

  it('preserves leading spaces in monitorName', () => {
    const event = parseAlert(alertWith({ alert: { monitorName: '  CPU %' } }));
    assert.equal(event.alert.monitorName, '  CPU %');
    assert.equal(describeEvent(event).monitorName, '  CPU %');
  });

  it('normalises upper- and mixed-case alert statuses to lower case', () => {
    for (const [sent, expected] of [
      ['CRITICAL', 'critical'],
      ['Warning', 'warning'],
      ['OK', 'ok'],
      ['UNKNOWN', 'unknown'],
    ] as const) {
      const event = parseAlert(alertWith({ alert: { status: sent } }));
      assert.equal(event.alert.status, expected);
      assert.equal(describeEvent(event).alertStatus, expected);
    }
  });

  it('normalises the upper-case alertGroup status', () => {
    const event = parseOk(fixture('alertGroup-open.json'));
    assert.ok(isKnownWebhookEvent(event) && event.event === 'alertGroup');
    assert.equal(event.alertGroup.status, 'critical');
    assert.equal(event.alertGroupSetting?.name, 'shop outage');
  });

  it('accepts an unknown event type, with or without orgName, keeping its keys', () => {
    const event = parseOk({ orgName: 'acme-prod', event: 'hostMaintenanceScheduled', host: { weird: true } });
    assert.equal(isKnownWebhookEvent(event), false);
    assert.deepEqual(event.host, { weird: true });
    assert.deepEqual(describeEvent(event), { orgName: 'acme-prod', eventType: 'hostMaintenanceScheduled' });
    assert.deepEqual(describeEvent(parseOk({ event: 'somethingNew' })), {
      orgName: undefined,
      eventType: 'somethingNew',
    });
  });

  it('accepts an unknown alert type and any trigger text', () => {
    const event = parseAlert(alertWith({ top: { type: 'logAnomaly' }, alert: { trigger: 'retire host' } }));
    assert.equal(event.type, 'logAnomaly');
    assert.equal(event.alert.trigger, 'retire host');
  });

  it('accepts the Amazon EventBridge variant without imageUrl, type and message', () => {
    const { imageUrl, type, message, ...rest } = fixture('alert-host-critical.json');
    assert.ok(imageUrl !== undefined && type !== undefined && message !== undefined);
    const resourceInfo = {
      service: 'ec2',
      region: 'ap-northeast-1',
      accountId: null,
      resourceType: 'instance',
      resourceId: null,
    };
    const event = parseAlert({ ...rest, resourceInfo });
    assert.deepEqual(event.resourceInfo, resourceInfo);
    assert.equal(event.type, undefined);
    assert.equal(describeEvent(event).alertId, '4AlrtQ9zZz1');
  });

  it('accepts host-less alerts that have no host key', () => {
    for (const name of [
      'alert-service.json',
      'alert-expression-manual-close.json',
      'alert-external-no-service.json',
      'alert-external-with-service.json',
      'alert-query.json',
    ]) {
      const event = parseAlert(fixture(name));
      assert.equal('host' in event, false, name);
      assert.equal(describeEvent(event).hostId, undefined, name);
    }
    assert.equal(parseAlert(fixture('alert-service.json')).service?.roles?.[1]?.fullname, 'shop: db');
  });

  it('accepts the sample event without orgName', () => {
    const event = parseOk({ event: 'sample', message: 'Sample Notification from Mackerel', imageUrl: null });
    assert.deepEqual(describeEvent(event), { orgName: undefined, eventType: 'sample' });
  });

  it('accepts hostRetire whose host still says isRetired: false', () => {
    const event = parseOk(fixture('hostRetire.json'));
    assert.ok(isKnownWebhookEvent(event) && event.event === 'hostRetire');
    assert.equal(event.host.isRetired, false);
    assert.equal(event.user?.screenName, 'ops@example.com');
  });

  it('accepts a monitor without a name (connectivity monitors may have none)', () => {
    const event = parseOk({
      orgName: 'acme-prod',
      event: 'monitorDelete',
      monitor: { id: '2Mon', type: 'connectivity' },
    });
    assert.equal(describeEvent(event).monitorName, undefined);
  });
});

describe('rejections', () => {
  it('rejects a body that is not an object with one issue at (root)', () => {
    assert.deepEqual(issuesOf(null), [{ path: '(root)', message: 'expected object, got null' }]);
    assert.deepEqual(issuesOf([fixture('sample.json')]), [
      { path: '(root)', message: 'expected object, got array' },
    ]);
    assert.deepEqual(issuesOf('{"event":"sample"}'), [
      { path: '(root)', message: 'expected object, got string' },
    ]);
    assert.deepEqual(issuesOf(undefined), [{ path: '(root)', message: 'required' }]);
  });

  it('rejects a missing or non-string event', () => {
    assert.deepEqual(issuesOf({ orgName: 'acme-prod' }), [{ path: 'event', message: 'required' }]);
    assert.deepEqual(issuesOf({ orgName: 'acme-prod', event: 1 }), [
      { path: 'event', message: 'expected string, got number' },
    ]);
    assert.deepEqual(issuesOf({ orgName: 'acme-prod', event: '' }), [
      { path: 'event', message: 'must not be empty' },
    ]);
  });

  it('rejects a known non-sample event without orgName', () => {
    for (const name of [
      'alert-host-critical.json',
      'alertGroup-open.json',
      'hostStatus.json',
      'monitorUpdate.json',
    ]) {
      const { orgName, ...body } = fixture(name);
      assert.equal(orgName, 'acme-prod');
      assert.deepEqual(issuesOf(body), [{ path: 'orgName', message: 'required' }], name);
    }
  });

  it('rejects an empty or non-string orgName, also on unknown events', () => {
    assert.deepEqual(issuesOf(alertWith({ top: { orgName: '' } })), [
      { path: 'orgName', message: 'must not be empty' },
    ]);
    assert.deepEqual(issuesOf({ event: 'somethingNew', orgName: 7 }), [
      { path: 'orgName', message: 'expected string, got number' },
    ]);
  });

  it('rejects an alert without id', () => {
    const body = alertWith({});
    delete (body.alert as Record<string, unknown>).id;
    assert.deepEqual(issuesOf(body), [{ path: 'alert.id', message: 'required' }]);
  });

  it('rejects an alert.status that is not a string or not a known status', () => {
    assert.deepEqual(issuesOf(alertWith({ alert: { status: 2 } })), [
      { path: 'alert.status', message: 'expected string, got number' },
    ]);
    assert.deepEqual(issuesOf(alertWith({ alert: { status: 'bogus' } })), [
      { path: 'alert.status', message: 'expected one of ok|warning|critical|unknown, got "bogus"' },
    ]);
  });

  it('rejects openedAt given as a string and isOpen that is not a boolean', () => {
    assert.deepEqual(issuesOf(alertWith({ alert: { openedAt: '1767225600', isOpen: 'true' } })), [
      { path: 'alert.isOpen', message: 'expected boolean, got string' },
      { path: 'alert.openedAt', message: 'expected number, got string' },
    ]);
  });

  it('rejects host.roles that is not an array (the REST API map shape)', () => {
    const body = structuredClone(fixture('hostStatus.json'));
    body.host = { ...(body.host as object), roles: { shop: ['web'] } };
    assert.deepEqual(issuesOf(body), [{ path: 'host.roles', message: 'expected array, got object' }]);
  });

  it('names the failing role field by index', () => {
    for (const index of [0, 1]) {
      const body = structuredClone(fixture('alert-connectivity.json'));
      const host = body.host as { roles: Array<Record<string, unknown>> };
      delete host.roles[index]?.fullname;
      assert.deepEqual(issuesOf(body), [{ path: `host.roles.${index}.fullname`, message: 'required' }]);
    }
  });

  it('rejects an alertGroup status it does not know', () => {
    const body = structuredClone(fixture('alertGroup-open.json'));
    body.alertGroup = { ...(body.alertGroup as object), status: 'MELTDOWN' };
    assert.deepEqual(issuesOf(body), [
      { path: 'alertGroup.status', message: 'expected one of ok|warning|critical|unknown, got "MELTDOWN"' },
    ]);
  });

  it('reports every problem at once with its path', () => {
    const issues = issuesOf({ event: 'alert', alert: { id: '', status: 'bad' }, host: null });
    assert.deepEqual(issues, [
      { path: 'orgName', message: 'required' },
      { path: 'alert.id', message: 'must not be empty' },
      { path: 'alert.status', message: 'expected one of ok|warning|critical|unknown, got "bad"' },
      { path: 'alert.isOpen', message: 'required' },
      { path: 'alert.openedAt', message: 'required' },
    ]);
  });
});
