import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alertsPageSchema,
  apiAlertSchema,
  apiAlertWireSchema,
} from '../../../../shared/mackerel/api/alert-schema';
import { apiChannelSchema } from '../../../../shared/mackerel/api/channel-schema';
import { apiErrorMessage } from '../../../../shared/mackerel/api/error-body';
import { apiHostSchema, hostsResponseSchema } from '../../../../shared/mackerel/api/host-schema';
import { errorKindForStatus, MackerelApiError } from '../../../../shared/mackerel/api/mackerel-api-error';
import { apiMonitorSchema } from '../../../../shared/mackerel/api/monitor-schema';
import { apiOrgSchema } from '../../../../shared/mackerel/api/org-schema';

/** A host as the API documents it, with the keys that vary by agent and integration left out. */
const host = {
  id: '3xHostA1b2C',
  name: 'web01',
  createdAt: 1759276800,
  status: 'working',
  memo: '',
  isRetired: false,
  size: 'standard',
  roles: { shop: ['web', 'batch'] },
  interfaces: [{ name: 'eth0', ipv4Addresses: ['10.0.0.11'] }],
  meta: { 'agent-name': 'mackerel-agent/0.84.0', 'agent-version': '0.84.0' },
};

const firstIssuePath = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  result.error?.issues[0]?.path.map(String).join('.');

describe('REST API host schema', () => {
  it('keeps unknown keys and the roles map as sent', () => {
    const parsed = apiHostSchema.parse({ ...host, type: 'agent', futureKey: { nested: true } });
    assert.deepEqual(parsed.roles, { shop: ['web', 'batch'] });
    assert.deepEqual(parsed.futureKey, { nested: true });
  });

  it('reads a cloud host: provider and free-form metadata', () => {
    const parsed = apiHostSchema.parse({
      ...host,
      customIdentifier: 'i-0abc',
      meta: {
        ...host.meta,
        cpu: [{ mhz: '2500' }],
        cloud: { provider: 'ec2', metadata: { 'instance-type': 't3' } },
      },
    });
    assert.equal(parsed.meta?.cloud?.provider, 'ec2');
    assert.deepEqual(parsed.meta?.cloud?.metadata, { 'instance-type': 't3' });
    assert.equal(parsed.customIdentifier, 'i-0abc');
  });

  it('reads absent and null optional keys alike, and accepts float times', () => {
    const { memo: _memo, size: _size, interfaces: _interfaces, ...bare } = host;
    const parsed = apiHostSchema.parse({
      ...bare,
      displayName: null,
      retiredAt: null,
      createdAt: 1759276800.5,
    });
    assert.equal(parsed.displayName, undefined);
    assert.equal(parsed.retiredAt, undefined);
    assert.equal(parsed.memo, undefined);
    assert.equal(parsed.interfaces, undefined);
    assert.equal(parsed.createdAt, 1759276800.5);
  });

  it('names the failing field of a host', () => {
    const result = apiHostSchema.safeParse({ ...host, status: 3 });
    assert.equal(result.success, false);
    assert.equal(firstIssuePath(result), 'status');
    // The list itself only has to be a list: each host is read on its own by the client.
    assert.equal(hostsResponseSchema.safeParse({ hosts: [host, { ...host, status: 3 }] }).success, true);
    assert.equal(firstIssuePath(hostsResponseSchema.safeParse({ hosts: 'none' })), 'hosts');
  });

  it('rejects the webhook role shape, which is a different contract', () => {
    const result = apiHostSchema.safeParse({ ...host, roles: [{ fullname: 'shop: web' }] });
    assert.equal(firstIssuePath(result), 'roles');
  });
});

describe('REST API alert schema', () => {
  const alert = {
    id: '4Alrt',
    status: 'CRITICAL',
    monitorId: '2Mon',
    type: 'host',
    hostId: '3x',
    openedAt: 1,
  };

  it('normalises the upper case status to the webhook lower case, once', () => {
    assert.equal(apiAlertSchema.parse(alert).status, 'critical');
    assert.equal(apiAlertSchema.parse({ ...alert, status: 'Warning' }).status, 'warning');
    assert.equal(apiAlertSchema.parse({ ...alert, status: 'SOMETHING_NEW' }).status, 'unknown');
  });

  it("keeps keys only some types carry (a query alert's series)", () => {
    const query = apiAlertSchema.parse({
      ...alert,
      type: 'query',
      series: { name: 'cpu', labels: { ip: '10.0.0.1' } },
    });
    assert.deepEqual(query.series, { name: 'cpu', labels: { ip: '10.0.0.1' } });
  });

  it('keeps the wire form for the stand-in', () => {
    assert.equal(apiAlertWireSchema.parse(alert).status, 'CRITICAL');
  });

  it('reads host-less, value-less and closed alerts', () => {
    const expression = apiAlertSchema.parse({
      id: 'a',
      status: 'OK',
      monitorId: 'm',
      type: 'expression',
      openedAt: 1,
    });
    assert.equal(expression.hostId, undefined);
    assert.equal(expression.value, undefined);
    const closed = apiAlertSchema.parse({
      ...alert,
      status: 'OK',
      reason: 'manual',
      closedAt: 5,
      value: 0.25,
    });
    assert.equal(closed.closedAt, 5);
    assert.equal(closed.value, 0.25);
  });

  it('treats a null nextId as the last page', () => {
    assert.equal(alertsPageSchema.parse({ alerts: [alert], nextId: null }).nextId, undefined);
    assert.equal(alertsPageSchema.parse({ alerts: [], nextId: 'x' }).nextId, 'x');
  });
});

describe('REST API org, monitor and channel schemas', () => {
  it('org: displayName may be null', () => {
    assert.deepEqual(apiOrgSchema.parse({ name: 'acme', displayName: null }), {
      name: 'acme',
      displayName: undefined,
    });
    assert.equal(apiOrgSchema.safeParse({ displayName: 'x' }).success, false);
  });

  it('monitor: a connectivity monitor without a name, type-specific keys kept', () => {
    const parsed = apiMonitorSchema.parse({
      id: 'm1',
      type: 'connectivity',
      isMute: false,
      scopes: ['shop'],
    });
    assert.equal(parsed.name, undefined);
    assert.deepEqual(parsed.scopes, ['shop']);
    const metric = apiMonitorSchema.parse({ id: 'm2', type: 'host', name: 'CPU %', warning: 80.5 });
    assert.equal(metric.warning, 80.5);
  });

  it('channel: suspendedAt null means not suspended; webhook url and events', () => {
    const webhook = apiChannelSchema.parse({
      id: 'c1',
      name: 'MSP intake',
      type: 'webhook',
      suspendedAt: null,
      url: 'https://intake.example/hooks/mackerel/x',
      enabledGraphImage: true,
      events: ['alert', 'hostStatus'],
    });
    assert.equal(webhook.suspendedAt, undefined);
    assert.deepEqual(webhook.events, ['alert', 'hostStatus']);
    const suspended = apiChannelSchema.parse({ id: 'c2', name: 'x', type: 'line', suspendedAt: 1767100000 });
    assert.equal(suspended.suspendedAt, 1767100000);
    assert.equal(suspended.url, undefined);
  });
});

describe('REST API errors', () => {
  it('maps each status to the kind the audit reports', () => {
    const kinds = [400, 401, 403, 404, 413, 429, 500, 502, 503, 302].map(errorKindForStatus);
    assert.deepEqual(kinds, [
      'bad-request',
      'invalid-key',
      'forbidden',
      'not-found',
      'bad-request',
      'rate-limited',
      'unavailable',
      'unavailable',
      'unavailable',
      'bad-response',
    ]);
  });

  it('retries rate limits and outages only', () => {
    const retryable = (
      ['invalid-key', 'forbidden', 'not-found', 'rate-limited', 'unavailable', 'bad-response'] as const
    ).filter((kind) => new MackerelApiError(kind, 'x', { attempts: 1 }).retryable);
    assert.deepEqual(retryable, ['rate-limited', 'unavailable']);
  });

  it("reads Mackerel's error message, and nothing from other bodies", () => {
    assert.equal(apiErrorMessage('{"error":{"message":"Host not found"}}'), 'Host not found');
    assert.equal(apiErrorMessage('{"error":"plain"}'), undefined);
    assert.equal(apiErrorMessage('<html>502 Bad Gateway</html>'), undefined);
    assert.equal(apiErrorMessage(JSON.stringify({ error: { message: 'x'.repeat(1000) } }))?.length, 300);
  });
});
