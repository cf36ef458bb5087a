import type { MonitorSpec } from '../mackerel/api/monitor-spec';
import type { ProbeDefinition } from './probe-definition';
import { probeMetricName } from './probe-metrics';

/** Checks in a row below 1 before the alert: one lost packet is not an outage. */
export const FAILING_CHECKS = 2;

/**
 * A service's hosts, or its roles, as monitor scopes. A probe on listed hosts needs no scope: only the
 * hosts it probes post its metrics, and a host metric monitor judges only hosts that post the metric.
 */
function scopesOf(targets: ProbeDefinition['targets']): string[] | undefined {
  if ('hostIds' in targets) return undefined;
  return targets.roles ? targets.roles.map((role) => `${targets.service}: ${role}`) : [targets.service];
}

/**
 * The host metric monitors that turn a probe's metrics into alerts on the probed host, in the form the
 * monitors-as-code templates push (the push adds its managed marker to the memo). A disabled probe
 * keeps its monitors: it posts nothing, and a host metric monitor does not alert on silence.
 */
export function probeMonitors(probe: ProbeDefinition): MonitorSpec[] {
  const scopes = scopesOf(probe.targets);
  const scoped = scopes ? { scopes } : {};
  const monitors: MonitorSpec[] = [
    {
      type: 'host',
      name: `probe ${probe.id}: ${probe.kind} check failing`,
      memo: `External ${probe.kind} probe "${probe.id}" (msp-ops): 0 when the check fails.`,
      metric: probeMetricName(probe.kind, 'ok', probe.id),
      operator: '<',
      critical: 1,
      duration: 1,
      maxCheckAttempts: FAILING_CHECKS,
      ...scoped,
    },
  ];
  if (probe.kind === 'http' && probe.tlsDaysWarning !== undefined) {
    monitors.push({
      type: 'host',
      name: `probe ${probe.id}: TLS certificate expiring`,
      memo: `Days the certificate of probe "${probe.id}" (msp-ops) has left.`,
      metric: probeMetricName('tls', 'days_to_expiry', probe.id),
      operator: '<',
      warning: probe.tlsDaysWarning,
      duration: 1,
      ...scoped,
    });
  }
  return monitors;
}
