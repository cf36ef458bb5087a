import type { HostMetricValue } from '../mackerel/api/host-metric-schema';
import type { ProbeResult } from './probe-result';
import { daysToExpiry } from './tls-expiry';

/** One point for `POST /api/v0/tsdb`; `time` in epoch seconds. */

export type ProbeMetricGroup = ProbeResult['kind'] | 'tls';
export type ProbeMeasure = 'ok' | 'duration_seconds' | 'status_code' | 'days_to_expiry';

/**
 * `custom.probe.<kind>.<measure>.<probeId>`, such as `custom.probe.http.ok.shop-health`.
 * - `custom.`: a host metric posted through the API is graphed and offered to monitors as a custom
 *   metric only under that prefix (the agent adds it to plugin metrics).
 * - The probe id last: Mackerel draws metrics equal up to the last dot in one graph, so
 *   `custom.probe.http.ok.*` is one graph with a line per probe, and a monitor can use that wildcard.
 * - The id is a slug without dots, so two probes on one host never collide or nest.
 */
export const probeMetricName = (group: ProbeMetricGroup, measure: ProbeMeasure, probeId: string): string =>
  `custom.probe.${group}.${measure}.${probeId}`;

/**
 * The host metrics one result posts: ok (1 or 0, 0 for every failure, a policy refusal included, so it
 * is seen) and the duration always; the HTTP status when an answer came; the days the certificate has
 * left when one was presented.
 */
export function probeMetrics(result: ProbeResult, time: number): HostMetricValue[] {
  const point = (group: ProbeMetricGroup, measure: ProbeMeasure, value: number): HostMetricValue => ({
    hostId: result.hostId,
    name: probeMetricName(group, measure, result.probeId),
    time,
    value,
  });
  const points = [
    point(result.kind, 'ok', result.ok ? 1 : 0),
    point(result.kind, 'duration_seconds', result.durationMs / 1000),
  ];
  if (result.kind === 'http' && result.statusCode !== undefined) {
    points.push(point('http', 'status_code', result.statusCode));
  }
  if (result.tlsNotAfter !== undefined) {
    points.push(point('tls', 'days_to_expiry', daysToExpiry(result.tlsNotAfter, new Date(time * 1000))));
  }
  return points;
}
