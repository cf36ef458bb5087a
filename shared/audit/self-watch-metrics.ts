import { toEpochSeconds } from './findings/finding';

/** One point for Mackerel's service metrics (`POST /api/v0/services/<service>/tsdb`); `time` in epoch seconds. */
export interface ServiceMetricPoint {
  name: string;
  time: number;
  value: number;
}

export interface RoundStatistics {
  orgsAudited: number;
  orgsFailed: number;
  eventsAcceptedLastHour: number;
  backlogSize: number;
  deadLetters: number;
  roundSeconds: number;
}

/** Mackerel accepts letters, digits, `.`, `-` and `_` in a metric name; the graph groups by the prefix. */
export const METRIC_NAME = /^[A-Za-z0-9._-]+$/;

const NAMES: Readonly<Record<keyof RoundStatistics, string>> = {
  orgsAudited: 'msp-pipeline.audit.orgs_audited',
  orgsFailed: 'msp-pipeline.audit.orgs_failed',
  roundSeconds: 'msp-pipeline.audit.round_seconds',
  eventsAcceptedLastHour: 'msp-pipeline.intake.events_accepted_last_hour',
  backlogSize: 'msp-pipeline.intake.backlog_size',
  deadLetters: 'msp-pipeline.mailer.dead_letters',
};

/**
 * The pipeline's own health after a round, as Mackerel service metrics: Mackerel's monitors then watch
 * the watcher (a round that stops posting, failures or a backlog that grows). Fixed order.
 */
export function selfWatchMetrics(stats: RoundStatistics, now: Date): ServiceMetricPoint[] {
  const time = toEpochSeconds(now);
  return (Object.keys(NAMES) as (keyof RoundStatistics)[]).map((key) => ({
    name: NAMES[key],
    time,
    value: stats[key],
  }));
}
