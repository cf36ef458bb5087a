import { PUSH_SUBSCRIPTIONS } from '../kernel/topology';
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
  /** Dead letters never replayed: the total, and per worker topic (every one, zeros included). */
  deadLetters: number;
  roundSeconds: number;
}

export type DeadLettersByTopic = Readonly<Record<string, number>>;

/** Mackerel accepts letters, digits, `.`, `-` and `_` in a metric name; the graph groups by the prefix. */
export const METRIC_NAME = /^[A-Za-z0-9._-]+$/;

const NAMES: Readonly<Record<keyof RoundStatistics, string>> = {
  orgsAudited: 'msp-pipeline.audit.orgs_audited',
  orgsFailed: 'msp-pipeline.audit.orgs_failed',
  roundSeconds: 'msp-pipeline.audit.round_seconds',
  eventsAcceptedLastHour: 'msp-pipeline.intake.events_accepted_last_hour',
  backlogSize: 'msp-pipeline.intake.backlog_size',
  deadLetters: 'msp-pipeline.dead_letters.pending',
};

/**
 * The pipeline's own health after a round, as Mackerel service metrics: Mackerel's monitors then watch
 * the watcher (a round that stops posting, failures or a backlog that grows). Fixed order.
 */
export function selfWatchMetrics(
  stats: RoundStatistics,
  now: Date,
  deadLettersByTopic: DeadLettersByTopic = {},
): ServiceMetricPoint[] {
  const time = toEpochSeconds(now);
  const totals = (Object.keys(NAMES) as (keyof RoundStatistics)[]).map((key) => ({
    name: NAMES[key],
    time,
    value: stats[key],
  }));
  // One series per topic a worker reads, so a monitor can watch e.g. mackerel-events alone.
  const perTopic = WORKER_TOPICS.map((topic) => ({
    name: `msp-pipeline.dead_letters.${topic}`,
    time,
    value: deadLettersByTopic[topic] ?? 0,
  }));
  return [...totals, ...perTopic];
}

/** Topics whose dead letters the recorder reads: the source topics dead letters are counted by. */
const WORKER_TOPICS = PUSH_SUBSCRIPTIONS.filter((s) => s.functionName === 'dead-letter-recorder').map((s) =>
  s.topic.replace(/-dead-letter$/, ''),
);
