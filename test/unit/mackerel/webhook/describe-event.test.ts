import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEvent } from '../../../../shared/mackerel/webhook/describe-event';
import { parseWebhookBody } from '../../../../shared/mackerel/webhook/parse-webhook';

function describeBody(body: unknown) {
  const result = parseWebhookBody(body);
  if (!result.ok) assert.fail(JSON.stringify(result.issues));
  return describeEvent(result.event);
}

const alertTimes = (alert: Record<string, unknown>) =>
  describeBody({
    orgName: 'acme-prod',
    event: 'alert',
    type: 'service',
    alert: { id: '4Alrt', status: alert.isOpen ? 'critical' : 'ok', openedAt: 1000, ...alert },
  }).eventTimeSeconds;

const groupTime = (alertGroup: Record<string, unknown>) =>
  describeBody({
    orgName: 'acme-prod',
    event: 'alertGroup',
    alertGroup: { id: '8Ag', status: 'OK', ...alertGroup },
  }).eventTimeSeconds;

describe('describeEvent event time', () => {
  it('times an open alert by statusChangedAt, else openedAt', () => {
    assert.equal(alertTimes({ isOpen: true, statusChangedAt: 1500, closedAt: null }), 1500);
    assert.equal(alertTimes({ isOpen: true, closedAt: null }), 1000);
    assert.equal(alertTimes({ isOpen: true, statusChangedAt: null }), 1000);
  });

  it('ignores closedAt on an open alert', () => {
    assert.equal(alertTimes({ isOpen: true, closedAt: 9999 }), 1000);
    assert.equal(alertTimes({ isOpen: true, closedAt: 9999, statusChangedAt: 1500 }), 1500);
  });

  it('times a closed alert by closedAt, else statusChangedAt, else openedAt', () => {
    assert.equal(alertTimes({ isOpen: false, closedAt: 2000, statusChangedAt: 1500 }), 2000);
    assert.equal(alertTimes({ isOpen: false, closedAt: null, statusChangedAt: 1500 }), 1500);
    assert.equal(alertTimes({ isOpen: false }), 1000);
  });

  it('keeps float seconds as they are', () => {
    assert.equal(alertTimes({ isOpen: true, statusChangedAt: 1500.25 }), 1500.25);
  });

  it('times an alert group by closedAt, else createdAt', () => {
    assert.equal(groupTime({ createdAt: 1000, closedAt: 2000 }), 2000);
    assert.equal(groupTime({ createdAt: 1000, closedAt: null }), 1000);
    assert.equal(groupTime({ createdAt: 1000 }), 1000);
  });

  it('gives no time for events that carry none', () => {
    const host = { id: '3xH', name: 'web01', status: 'working', roles: [] };
    for (const body of [
      { orgName: 'acme-prod', event: 'hostStatus', host, fromStatus: 'standby' },
      { orgName: 'acme-prod', event: 'hostRegister', host },
      { orgName: 'acme-prod', event: 'monitorCreate', monitor: { id: '2M', type: 'host', name: 'CPU' } },
      { event: 'sample', message: 'Sample Notification from Mackerel', imageUrl: null },
      { orgName: 'acme-prod', event: 'notYetInvented', at: 1767225600 },
    ]) {
      assert.equal(describeBody(body).eventTimeSeconds, undefined, body.event);
    }
  });
});

describe('describeEvent fields', () => {
  it('describes an alert without a host by its alert and monitor only', () => {
    const description = describeBody({
      orgName: 'acme-prod',
      event: 'alert',
      type: 'expression',
      alert: { id: '4AlrtExp', status: 'warning', isOpen: true, openedAt: 1000, monitorName: ' load' },
    });
    // The JSON round trip drops keys left undefined, so only the facts are compared.
    assert.deepEqual(JSON.parse(JSON.stringify(description)), {
      orgName: 'acme-prod',
      eventType: 'alert',
      alertId: '4AlrtExp',
      alertStatus: 'warning',
      isOpen: true,
      eventTimeSeconds: 1000,
      monitorName: ' load',
    });
  });

  it('gives the new host status event its host', () => {
    const description = describeBody({
      orgName: 'acme-prod',
      event: 'hostStatus',
      fromStatus: 'working',
      host: { id: '3xH', name: 'web01', status: 'poweroff', roles: [] },
    });
    assert.deepEqual(description, {
      orgName: 'acme-prod',
      eventType: 'hostStatus',
      hostId: '3xH',
      hostName: 'web01',
    });
  });
});
