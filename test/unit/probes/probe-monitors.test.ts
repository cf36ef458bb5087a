import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monitorSpecSchema } from '../../../shared/mackerel/api/monitor-spec';
import { probeDefinitionSchema } from '../../../shared/probes/probe-definition';
import { probeMonitors } from '../../../shared/probes/probe-monitors';

const valid = (specs: unknown[]) => {
  for (const spec of specs) assert.deepEqual(monitorSpecSchema.parse(spec), spec);
};

describe('probe monitors', () => {
  it('alerts critical after two failed checks and warns before the certificate runs out, scoped to the roles', () => {
    const probe = probeDefinitionSchema.parse({
      id: 'shop-health',
      kind: 'http',
      targets: { service: 'shop', roles: ['web', 'api'] },
      url: 'https://{{host.name}}.example.jp/health',
      tlsDaysWarning: 21,
    });
    const specs = probeMonitors(probe);
    valid(specs);
    assert.deepEqual(specs, [
      {
        type: 'host',
        name: 'probe shop-health: http check failing',
        memo: 'External http probe "shop-health" (msp-ops): 0 when the check fails.',
        metric: 'custom.probe.http.ok.shop-health',
        operator: '<',
        critical: 1,
        duration: 1,
        maxCheckAttempts: 2,
        scopes: ['shop: web', 'shop: api'],
      },
      {
        type: 'host',
        name: 'probe shop-health: TLS certificate expiring',
        memo: 'Days the certificate of probe "shop-health" (msp-ops) has left.',
        metric: 'custom.probe.tls.days_to_expiry.shop-health',
        operator: '<',
        warning: 21,
        duration: 1,
        scopes: ['shop: web', 'shop: api'],
      },
    ]);
  });

  it('scopes to the whole service, or not at all for listed hosts', () => {
    const tcp = probeDefinitionSchema.parse({
      id: 'pg',
      kind: 'tcp',
      targets: { service: 'shop' },
      address: 'x:5432',
    });
    const [byService] = probeMonitors(tcp);
    assert.deepEqual(byService?.type === 'host' && byService.scopes, ['shop']);
    const dns = probeDefinitionSchema.parse({
      id: 'ns',
      kind: 'dns',
      targets: { hostIds: ['h1'] },
      resolver: '8.8.8.8',
      name: 'example.jp',
      type: 'A',
    });
    const specs = probeMonitors(dns);
    valid(specs);
    assert.equal(specs.length, 1);
    assert.equal(specs[0]?.type === 'host' && specs[0].metric, 'custom.probe.dns.ok.ns');
    assert.equal(specs[0] !== undefined && 'scopes' in specs[0], false);
  });
});
