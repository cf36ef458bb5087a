import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOST_DOWN_INHIBITS_HOST_ALERTS } from '../../../../shared/routing/inhibition/host-down-rule';
import {
  type InhibitRuleInput,
  inhibitRuleSchema,
} from '../../../../shared/routing/inhibition/inhibit-rule-schema';
import {
  type InhibitableAlert,
  inhibitionOf,
  releasedBy,
} from '../../../../shared/routing/inhibition/inhibition';

const rule = (input: InhibitRuleInput) => inhibitRuleSchema.parse(input);
const hostDown = rule(HOST_DOWN_INHIBITS_HOST_ALERTS);

function alert(
  alertId: string,
  facts: {
    org?: string;
    host?: string;
    type?: string;
    monitor?: string;
    services?: string[];
    open?: boolean;
  } = {},
): InhibitableAlert {
  const open = facts.open ?? true;
  return {
    alertId,
    isOpen: open,
    routing: {
      org: facts.org ?? 'demo',
      eventType: 'alert',
      alertType: facts.type ?? 'host',
      severity: open ? 'critical' : 'ok',
      services: facts.services ?? ['shop'],
      roles: ['shop:web'],
      ...(facts.host === null ? {} : { hostName: facts.host ?? 'web01' }),
      monitorName: facts.monitor ?? 'CPU %',
      isOpen: open,
    },
  };
}

const down = alert('down-web01', { type: 'connectivity', monitor: 'connectivity' });
const cpu = alert('cpu-web01');

describe('inhibition (host-down rule: connectivity inhibits the same host in the same org)', () => {
  it('source open first: a later alert of the host is inhibited, naming the rule and the source', () => {
    assert.deepEqual(inhibitionOf(cpu, [down, cpu], [hostDown]), {
      ruleId: 'host-down',
      ruleName: "connectivity lost: the host's other alerts wait",
      sourceAlertId: 'down-web01',
      sourceMonitorName: 'connectivity',
    });
  });

  it('source opens after the target: the target is inhibited from then on (its repeats wait)', () => {
    assert.equal(inhibitionOf(cpu, [cpu], [hostDown]), null, 'before the source opened');
    assert.equal(inhibitionOf(cpu, [cpu, down], [hostDown])?.sourceAlertId, 'down-web01');
  });

  it('the source is not inhibited by itself, nor by another alert matching both sides of the rule', () => {
    assert.equal(inhibitionOf(down, [down, cpu], [hostDown]), null);
    const second = alert('down2-web01', { type: 'connectivity' });
    assert.equal(
      inhibitionOf(second, [down, second], [hostDown]),
      null,
      'two connectivity alerts are both notified',
    );
    assert.equal(inhibitionOf(down, [down, second], [hostDown]), null);
  });

  it('source closes while the target is open: the target is released, to be notified', () => {
    assert.deepEqual(
      releasedBy('down-web01', [down, cpu], [hostDown]).map((a) => a.alertId),
      ['cpu-web01'],
    );
    // Another connectivity alert of the same host still stands: nothing is released.
    const second = alert('down2-web01', { type: 'connectivity' });
    assert.deepEqual(releasedBy('down-web01', [down, cpu, second], [hostDown]), []);
    // An alert the closing one never inhibited (another host) is not released either.
    assert.deepEqual(releasedBy('down-web01', [down, alert('cpu-db01', { host: 'db01' })], [hostDown]), []);
  });

  it('reordered events: a source whose close arrived before its open does not inhibit', () => {
    const closedFirst = alert('down-web01', { type: 'connectivity', open: false });
    assert.equal(inhibitionOf(cpu, [closedFirst, cpu], [hostDown]), null);
    // Nor is a closed target inhibited (nothing to hold back).
    assert.equal(inhibitionOf(alert('cpu-web01', { open: false }), [down], [hostDown]), null);
  });

  it('only alerts sharing every equal fact: another host, another org, or no host at all are not inhibited', () => {
    assert.equal(inhibitionOf(alert('cpu-db01', { host: 'db01' }), [down], [hostDown]), null);
    assert.equal(inhibitionOf(alert('cpu-other', { org: 'acme' }), [down], [hostDown]), null);
    const hostless = alert('svc', { host: null as unknown as string, type: 'service' });
    const hostlessDown = alert('down-hostless', { host: null as unknown as string, type: 'connectivity' });
    assert.equal(inhibitionOf(hostless, [hostlessDown], [hostDown]), null, 'no host is not the same host');
  });

  it('equal service: a service-wide source inhibits the service alerts of every host', () => {
    const outage = rule({
      id: 'shop-outage',
      name: 'shop is down',
      source: { monitorNameGlob: 'shop external*' },
      target: { alertTypes: ['host'] },
      equal: ['org', 'service'],
    });
    const external = alert('ext', { type: 'external', monitor: 'shop external http', host: 'probe' });
    assert.equal(
      inhibitionOf(alert('cpu-db01', { host: 'db01' }), [external], [outage])?.ruleId,
      'shop-outage',
    );
    assert.equal(inhibitionOf(alert('blog-cpu', { services: ['blog'] }), [external], [outage]), null);
  });

  it('a disabled rule inhibits nothing; the first rule by id wins when several apply', () => {
    assert.equal(inhibitionOf(cpu, [down], [{ ...hostDown, enabled: false }]), null);
    const also = rule({ ...HOST_DOWN_INHIBITS_HOST_ALERTS, id: 'a-first', name: 'first' });
    assert.equal(inhibitionOf(cpu, [down], [hostDown, also])?.ruleId, 'a-first');
  });

  it('refuses a misspelt matcher, an unknown equal field, or a field listed twice, naming the path', () => {
    const cases: [unknown, string][] = [
      [{ ...HOST_DOWN_INHIBITS_HOST_ALERTS, source: { alertType: ['connectivity'] } }, 'source'],
      [{ ...HOST_DOWN_INHIBITS_HOST_ALERTS, equal: ['hostname'] }, 'equal.0'],
      [{ ...HOST_DOWN_INHIBITS_HOST_ALERTS, equal: ['host', 'host'] }, 'equal'],
      [{ ...HOST_DOWN_INHIBITS_HOST_ALERTS, equal: [] }, 'equal'],
      [{ ...HOST_DOWN_INHIBITS_HOST_ALERTS, id: 'no spaces please' }, 'id'],
    ];
    for (const [input, path] of cases) {
      const parsed = inhibitRuleSchema.safeParse(input);
      assert.equal(parsed.success, false, JSON.stringify(input));
      assert.equal(parsed.error?.issues[0]?.path.join('.'), path, JSON.stringify(input));
    }
  });
});
