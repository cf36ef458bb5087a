import type { ServiceMetricValue } from '../mackerel/api/service-metric-schema';
import type { ProbeRoundRecord } from './probe-round-record';

const PREFIX = 'msp-pipeline.probes';

/**
 * The probes' own health as service metrics of the MSP's org, posted with each schedule: the previous
 * round's figures over the orgs probed now. A chunk whose record is older than that round (or missing)
 * is behind: its message died, was late or is still retrying. Buffered points are Mackerel outages.
 */
export function probeSelfWatchMetrics(
  orgs: readonly string[],
  records: readonly ProbeRoundRecord[],
  previousRoundAt: number,
  time: number,
): ServiceMetricValue[] {
  const byId = new Map(records.map((r) => [`${r.org}__${r.chunk}`, r]));
  const totals = {
    targets: 0,
    ok: 0,
    failed: 0,
    problems: 0,
    buffered_points: 0,
    dropped_points: 0,
    rejected_points: 0,
    chunks_behind: 0,
    round_seconds_max: 0,
    /** How long after its minute the latest chunk began: the round's scheduling jitter. */
    start_late_seconds_max: 0,
  };
  for (const org of orgs) {
    const chunks = byId.get(`${org}__0`)?.chunks ?? 1;
    for (let chunk = 0; chunk < chunks; chunk++) {
      const record = byId.get(`${org}__${chunk}`);
      totals.buffered_points += record?.buffer.length ?? 0;
      if (!record || record.roundAt < previousRoundAt) {
        totals.chunks_behind++;
        continue;
      }
      totals.targets += record.targets;
      totals.ok += record.ok;
      totals.failed += record.failed;
      totals.problems += record.problemCount;
      totals.dropped_points += record.droppedPoints;
      totals.rejected_points += record.rejectedPoints;
      totals.round_seconds_max = Math.max(totals.round_seconds_max, record.elapsedMs / 1000);
      totals.start_late_seconds_max = Math.max(
        totals.start_late_seconds_max,
        (record.startedAtMs - record.roundAt * 1000) / 1000,
      );
    }
  }
  return Object.entries(totals).map(([name, value]) => ({ name: `${PREFIX}.${name}`, time, value }));
}
