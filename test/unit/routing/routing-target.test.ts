import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWebhookBody } from '../../../shared/mackerel/webhook/parse-webhook';
import { routingTargetOf } from '../../../shared/routing/routing-target';
import { fixtureNames, readFixture } from '../../support/fixtures';

function targetOf(body: unknown, org = 'acme-prod') {
  const parsed = parseWebhookBody(body);
  if (!parsed.ok) assert.fail(JSON.stringify(parsed.issues));
  // The JSON round trip drops keys left undefined, so only the facts present are compared.
  return JSON.parse(JSON.stringify(routingTargetOf(parsed.event, org)));
}

const alert = { org: 'acme-prod', eventType: 'alert' };
const web01 = { hostName: 'web01', hostStatus: 'working' };

/** Every fixture, with every fact it gives routes to match on. */
const EXPECTED: Record<string, unknown> = {
  'alert-anomaly.json': {
    ...alert,
    alertType: 'anomalyDetection',
    severity: 'warning',
    services: ['shop'],
    roles: ['shop:web'],
    ...web01,
    monitorName: 'anomaly shop web',
    isOpen: true,
  },
  'alert-check.json': {
    ...alert,
    alertType: 'check',
    severity: 'warning',
    services: ['shop'],
    roles: ['shop:web'],
    hostName: 'web02',
    hostStatus: 'working',
    monitorName: 'procs-nginx',
    isOpen: true,
  },
  'alert-connectivity.json': {
    ...alert,
    alertType: 'connectivity',
    severity: 'critical',
    services: ['shop', 'billing'],
    roles: ['shop:db', 'billing:db'],
    hostName: 'db02',
    hostStatus: 'working',
    monitorName: 'connectivity',
    isOpen: true,
  },
  'alert-expression-manual-close.json': {
    ...alert,
    alertType: 'expression',
    severity: 'ok',
    services: [],
    roles: [],
    monitorName: 'avg load',
    isOpen: false,
  },
  'alert-external-no-service.json': {
    ...alert,
    alertType: 'external',
    severity: 'critical',
    services: [],
    roles: [],
    monitorName: 'shop top page',
    isOpen: true,
  },
  'alert-external-with-service.json': {
    ...alert,
    alertType: 'external',
    severity: 'critical',
    services: ['shop'],
    roles: [],
    monitorName: 'shop api',
    isOpen: true,
  },
  'alert-host-critical.json': {
    ...alert,
    alertType: 'host',
    severity: 'critical',
    services: ['shop'],
    roles: ['shop:web'],
    ...web01,
    monitorName: 'CPU %',
    isOpen: true,
  },
  'alert-host-ok.json': {
    ...alert,
    alertType: 'host',
    severity: 'ok',
    services: ['shop'],
    roles: ['shop:web'],
    ...web01,
    monitorName: 'CPU %',
    isOpen: false,
  },
  'alert-query.json': {
    ...alert,
    alertType: 'query',
    severity: 'critical',
    services: [],
    roles: [],
    monitorName: '5xx rate',
    isOpen: true,
  },
  // The service lists its roles (web, db), but a service alert is about neither: no roles.
  'alert-service.json': {
    ...alert,
    alertType: 'service',
    severity: 'critical',
    services: ['shop'],
    roles: [],
    monitorName: 'shop - orders.failed',
    isOpen: true,
  },
  'alertGroup-open.json': {
    org: 'acme-prod',
    eventType: 'alertGroup',
    severity: 'critical',
    services: [],
    roles: [],
  },
  'hostRegister.json': {
    org: 'acme-prod',
    eventType: 'hostRegister',
    services: [],
    roles: [],
    hostName: 'unknown-box',
    hostStatus: 'working',
  },
  'hostRetire.json': {
    org: 'acme-prod',
    eventType: 'hostRetire',
    services: ['shop'],
    roles: ['shop:web'],
    hostName: 'old01',
    hostStatus: 'standby',
  },
  'hostStatus.json': {
    org: 'acme-prod',
    eventType: 'hostStatus',
    services: ['shop'],
    roles: ['shop:web'],
    hostName: 'web01',
    hostStatus: 'maintenance',
  },
  'monitorUpdate.json': {
    org: 'acme-prod',
    eventType: 'monitorUpdate',
    services: [],
    roles: [],
    monitorName: 'CPU %',
  },
  'sample.json': { org: 'acme-prod', eventType: 'sample', services: [], roles: [] },
};

describe('routingTargetOf on every fixture', () => {
  it('has an expectation for every fixture, so a new fixture cannot go unchecked', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), fixtureNames());
  });

  for (const name of fixtureNames()) {
    it(name, () => {
      assert.deepEqual(targetOf(readFixture(name)), EXPECTED[name]);
    });
  }
});

describe('routingTargetOf details', () => {
  const hostAlert = (host: Record<string, unknown>, alertFields: Record<string, unknown> = {}) => ({
    orgName: 'acme-prod',
    event: 'alert',
    type: 'host',
    host: { id: '3xH', name: 'web01', status: 'working', ...host },
    alert: { id: '4A', status: 'critical', isOpen: true, openedAt: 1000, ...alertFields },
  });

  it('takes the org it is given, not the body orgName', () => {
    assert.equal(targetOf(readFixture('alert-host-critical.json'), 'verified-org').org, 'verified-org');
  });

  it('writes roles as service:role without the space of fullname, and lists each service once', () => {
    const role = (serviceName: string, roleName: string) => ({
      fullname: `${serviceName}: ${roleName}`,
      serviceName,
      roleName,
    });
    const target = targetOf(
      hostAlert({
        roles: [role('shop', 'web'), role('shop', 'batch'), role('shop', 'web'), role('ads', 'web')],
      }),
    );
    assert.deepEqual(target.roles, ['shop:web', 'shop:batch', 'ads:web']);
    assert.deepEqual(target.services, ['shop', 'ads']);
  });

  it('gives a host with no roles no services and no roles', () => {
    const target = targetOf(hostAlert({ roles: [] }));
    assert.deepEqual([target.services, target.roles, target.hostName], [[], [], 'web01']);
  });

  it('keeps the monitor name untrimmed', () => {
    assert.equal(targetOf(hostAlert({ roles: [] }, { monitorName: '  CPU %' })).monitorName, '  CPU %');
  });

  it('reads a null host and service (EventBridge, no type) as host-less', () => {
    const target = targetOf({
      orgName: 'acme-prod',
      event: 'alert',
      host: null,
      service: null,
      alert: { id: '4A', status: 'warning', isOpen: true, openedAt: 1000, monitorName: 'm' },
      resourceInfo: { service: 'EC2', region: null, accountId: null, resourceType: null, resourceId: null },
    });
    assert.deepEqual(target, {
      ...alert,
      severity: 'warning',
      services: [],
      roles: [],
      monitorName: 'm',
      isOpen: true,
    });
  });

  it('gives an unknown event type only its org and type', () => {
    assert.deepEqual(targetOf({ orgName: 'acme-prod', event: 'notYetInvented', host: { name: 'x' } }), {
      org: 'acme-prod',
      eventType: 'notYetInvented',
      services: [],
      roles: [],
    });
  });
});
