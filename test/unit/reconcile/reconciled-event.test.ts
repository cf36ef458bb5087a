import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertFactsOf } from '../../../shared/alerting/router/alert-facts';
import { type AlertPosition, decideAlertTransition } from '../../../shared/alerting/router/alert-transition';
import type { ApiAlert } from '../../../shared/mackerel/api/alert-schema';
import type { ApiHost } from '../../../shared/mackerel/api/host-schema';
import type { ApiMonitor } from '../../../shared/mackerel/api/monitor-schema';
import { dedupKey } from '../../../shared/mackerel/webhook/dedup-key';
import { mackerelEventMessageSchema } from '../../../shared/mackerel/webhook/mackerel-event-message';
import { parseWebhookBody } from '../../../shared/mackerel/webhook/parse-webhook';
import { findMissedChanges, type MissedChange } from '../../../shared/reconcile/missed-change';
import { reconciledAlertBody } from '../../../shared/reconcile/reconciled-alert-body';
import { reconciledEvent } from '../../../shared/reconcile/reconciled-event';
import { routingTargetOf } from '../../../shared/routing/routing-target';
import { readFixture } from '../../support/fixtures';

/** When the test's events arrived: what a body without a plausible time is timed by. */
const RECEIVED_AT_SECONDS = 1_767_225_600;

const ORG = 'acme-prod';
// The fixtures' alert 4AlrtQ9zZz1: opened 1767225600 (critical), closed 1767226500.
const OPENED = 1_767_225_600;
const CLOSED = 1_767_226_500;
const OBSERVED = OPENED + 3600;
const CLOCK = { observedAt: OBSERVED, windowStart: OBSERVED - 7200, settleSeconds: 300 };

const HOST: ApiHost = {
  id: '3xHostA1b2C',
  name: 'web01',
  createdAt: OPENED - 86_400,
  status: 'working',
  memo: '',
  isRetired: false,
  roles: { shop: ['web'] },
};
const CPU: ApiMonitor = {
  id: 'M1',
  type: 'host',
  name: 'CPU %',
  memo: 'Runbook: wiki/web-cpu\nEscalate to on-call',
};

const apiAlert = (fields: Partial<ApiAlert> = {}): ApiAlert => ({
  id: '4AlrtQ9zZz1',
  status: 'critical',
  monitorId: 'M1',
  type: 'host',
  hostId: HOST.id,
  value: 97.5,
  message: 'CPU % 97.5 > 90',
  openedAt: OPENED,
  ...fields,
});

function missed(alert: ApiAlert, state?: AlertPosition): MissedChange {
  const states = new Map(state ? [[alert.id, state]] : []);
  const [change] = findMissedChanges({
    org: ORG,
    alerts: [alert],
    states,
    mutedMonitorIds: new Set(),
    clock: CLOCK,
  });
  assert.ok(change, 'expected a missed change');
  return change;
}

function eventOf(
  change: MissedChange,
  parts: { monitor?: ApiMonitor; host?: ApiHost } = { monitor: CPU, host: HOST },
) {
  const body = reconciledAlertBody({ org: ORG, change, monitor: parts.monitor, host: parts.host });
  return reconciledEvent({ org: ORG, body, observedAt: new Date(OBSERVED * 1000), correlationId: 'rc-1' });
}

function parsed(body: Record<string, unknown>) {
  const result = parseWebhookBody(body);
  assert.ok(result.ok, JSON.stringify(result));
  return result.event;
}

describe('reconciled webhook bodies', () => {
  it('a dropped open parses with the router parser and gives the facts the real webhook gives', () => {
    const { message } = eventOf(missed(apiAlert()));
    const event = parsed(message.body);
    const facts = alertFactsOf(event, ORG, RECEIVED_AT_SECONDS);
    const real = alertFactsOf(parsed(readFixture('alert-host-critical.json')), ORG, RECEIVED_AT_SECONDS);
    assert.deepEqual(facts?.subject, real?.subject);
    assert.deepEqual(facts?.position, real?.position);
    assert.equal(facts?.hostId, real?.hostId);
    assert.equal(facts?.hostStatus, 'working');
    assert.deepEqual(
      { ...facts?.display, imageUrl: undefined },
      { ...real?.display, imageUrl: undefined },
      'target, monitor name, message, memo, url and openedAt as the webhook has them',
    );
    assert.deepEqual(
      routingTargetOf(event, ORG),
      routingTargetOf(parsed(readFixture('alert-host-critical.json')), ORG),
    );
    assert.equal((message.body.alert as { trigger?: string }).trigger, 'reconcile');
    assert.equal((message.body.alert as { createdAt?: number }).createdAt, OPENED * 1000);
  });

  it('a dropped open has the dedup key of its lost webhook, so a late arrival collapses with it', () => {
    const { message, attributes } = eventOf(missed(apiAlert()));
    assert.equal(message.dedupKey, dedupKey(parsed(readFixture('alert-host-critical.json'))));
    assert.deepEqual(attributes, {
      org: ORG,
      event: 'alert',
      dedupKey: message.dedupKey,
      correlationId: 'rc-1',
      alertId: '4AlrtQ9zZz1',
    });
    assert.equal(mackerelEventMessageSchema.parse(message).source, 'reconcile');
    assert.equal(message.receivedAt, new Date(OBSERVED * 1000).toISOString());
  });

  it('a dropped close has the dedup key of its lost webhook and closes with its time', () => {
    const close = missed(apiAlert({ status: 'ok', closedAt: CLOSED }), {
      status: 'critical',
      isOpen: true,
      eventTimeSeconds: OPENED,
    });
    const { message } = eventOf(close);
    const real = parsed(readFixture('alert-host-ok.json'));
    assert.equal(message.dedupKey, dedupKey(real));
    const facts = alertFactsOf(parsed(message.body), ORG, RECEIVED_AT_SECONDS);
    assert.deepEqual(facts?.position, { status: 'ok', isOpen: false, eventTimeSeconds: CLOSED });
    assert.equal(facts?.closedAt, CLOSED);
  });

  it('a dropped change cannot share its webhook key; the late webhook is stale against it instead', () => {
    const change = missed(apiAlert({ status: 'warning' }), {
      status: 'critical',
      isOpen: true,
      eventTimeSeconds: OPENED,
    });
    const { message } = eventOf(change);
    const reconciled = alertFactsOf(parsed(message.body), ORG, RECEIVED_AT_SECONDS);
    const late = parsed(readFixture('alert-host-critical.json'));
    Object.assign((late as { alert: Record<string, unknown> }).alert, {
      status: 'warning',
      statusChangedAt: OPENED + 600,
    });
    const lateFacts = alertFactsOf(late, ORG, RECEIVED_AT_SECONDS);
    assert.ok(reconciled && lateFacts);
    assert.notEqual(message.dedupKey, dedupKey(late));
    assert.equal(decideAlertTransition(reconciled.position, lateFacts.position), 'stale');
    assert.equal((message.body.alert as { statusChangedAt?: number }).statusChangedAt, OBSERVED);
  });

  it('a service alert names its service; an expression alert has neither host nor service', () => {
    const service: ApiMonitor = { id: 'M2', type: 'service', name: 'shop - orders.failed', service: 'shop' };
    const svc = eventOf(missed(apiAlert({ type: 'service', monitorId: 'M2', hostId: undefined })), {
      monitor: service,
    });
    const svcEvent = parsed(svc.message.body);
    assert.deepEqual(routingTargetOf(svcEvent, ORG).services, ['shop']);
    assert.equal(alertFactsOf(svcEvent, ORG, RECEIVED_AT_SECONDS)?.display.target, 'shop');

    const expression: ApiMonitor = { id: 'M3', type: 'expression', name: 'avg load' };
    const exp = eventOf(missed(apiAlert({ type: 'expression', monitorId: 'M3', hostId: undefined })), {
      monitor: expression,
    });
    assert.equal('host' in exp.message.body, false);
    assert.equal('service' in exp.message.body, false);
    assert.equal(
      alertFactsOf(parsed(exp.message.body), ORG, RECEIVED_AT_SECONDS)?.display.target,
      'avg load',
    );
  });

  it('a deleted monitor and a vanished host still make a body the router can route', () => {
    const { message } = eventOf(missed(apiAlert({ message: undefined })), {});
    const facts = alertFactsOf(parsed(message.body), ORG, RECEIVED_AT_SECONDS);
    assert.equal(facts?.display.monitorName, '');
    assert.equal(facts?.display.target, 'host');
    assert.equal(facts?.display.message, '');
  });

  it('roles of every service the host has, in the webhook spelling', () => {
    const host = { ...HOST, roles: { shop: ['web', 'db'], blog: ['app'] } };
    const { message } = eventOf(missed(apiAlert()), { monitor: CPU, host });
    assert.deepEqual(routingTargetOf(parsed(message.body), ORG).roles, ['shop:web', 'shop:db', 'blog:app']);
    const roles = (message.body.host as { roles: { fullname: string }[] }).roles;
    assert.deepEqual(
      roles.map((r) => r.fullname),
      ['shop: web', 'shop: db', 'blog: app'],
    );
  });
});
