import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probeMetricName, probeMetrics } from '../../../shared/probes/probe-metrics';

const time = Date.UTC(2027, 1, 3, 12, 0, 0) / 1000;
const metricNameRule = /^[-a-zA-Z0-9_.]+$/;

describe('probe metrics', () => {
  it('posts ok, duration, status and certificate days of an https check under the probe id', () => {
    const points = probeMetrics(
      {
        probeId: 'shop-health',
        hostId: 'h1',
        kind: 'http',
        ok: true,
        durationMs: 245,
        statusCode: 200,
        tlsNotAfter: Date.UTC(2027, 2, 5, 12, 0, 0) / 1000,
        address: '203.0.113.7',
      },
      time,
    );
    assert.deepEqual(points, [
      { hostId: 'h1', name: 'custom.probe.http.ok.shop-health', time, value: 1 },
      { hostId: 'h1', name: 'custom.probe.http.duration_seconds.shop-health', time, value: 0.245 },
      { hostId: 'h1', name: 'custom.probe.http.status_code.shop-health', time, value: 200 },
      { hostId: 'h1', name: 'custom.probe.tls.days_to_expiry.shop-health', time, value: 30 },
    ]);
    for (const p of points) assert.match(p.name, metricNameRule);
  });

  it('posts 0 for a failed tcp check, and no status or certificate days it did not get', () => {
    const points = probeMetrics(
      {
        probeId: 'pg',
        hostId: 'h2',
        kind: 'tcp',
        ok: false,
        durationMs: 5000,
        failure: { kind: 'timeout', message: 'no answer in 5000 ms' },
      },
      time,
    );
    assert.deepEqual(
      points.map((p) => [p.name, p.value]),
      [
        ['custom.probe.tcp.ok.pg', 0],
        ['custom.probe.tcp.duration_seconds.pg', 5],
      ],
    );
  });

  it('keeps two probes on one host apart, and one graph per measure', () => {
    const dns = (probeId: string) =>
      probeMetrics({ probeId, hostId: 'h3', kind: 'dns', ok: true, durationMs: 12 }, time).map((p) => p.name);
    assert.deepEqual(dns('ns-a'), ['custom.probe.dns.ok.ns-a', 'custom.probe.dns.duration_seconds.ns-a']);
    assert.notDeepEqual(dns('ns-a'), dns('ns-b'));
    // Equal up to the last dot: Mackerel graphs them together as custom.probe.dns.ok.*
    assert.equal(probeMetricName('dns', 'ok', 'ns-a').replace(/\.[^.]+$/, ''), 'custom.probe.dns.ok');
  });

  it('posts negative days for an expired certificate', () => {
    const [, , , days] = probeMetrics(
      {
        probeId: 'old',
        hostId: 'h1',
        kind: 'http',
        ok: false,
        durationMs: 30,
        statusCode: 200,
        tlsNotAfter: time - 86_401,
      },
      time,
    );
    assert.deepEqual(days, { hostId: 'h1', name: 'custom.probe.tls.days_to_expiry.old', time, value: -2 });
  });
});
