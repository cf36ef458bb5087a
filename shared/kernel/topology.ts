/**
 * The one definition of topics, push subscriptions, functions and schedules. The local Pub/Sub server
 * and local scheduler are built from it, and infra/ is held to it by tests, so they cannot drift apart.
 */
export const TOPICS = {
  mackerelEvents: 'mackerel-events',
  backlogDrainRequests: 'backlog-drain-requests',
  notifications: 'notifications',
  /**
   * Org audit: the hourly schedule and the 09:00 summary, the router's "a host registered", and the
   * audit's own fan-out (one `round` message per org, so each org is retried and timed out on its own).
   */
  auditRequests: 'audit-requests',
  /** CDN commit watch: the hourly schedule, the 09:00 digest, and its own fan-out per contract. */
  cdnPolls: 'cdn-polls',
  /** Missed-webhook reconciliation: the schedule and its own fan-out per org (reconcile). */
  reconcileRequests: 'reconcile-requests',
  /** Every minute: publish the digests of group windows that have ended (digest-flush). */
  digestFlushRequests: 'digest-flush-requests',
  /** Every 5 minutes: mail again the alerts that stay open, per route repeat interval (repeat-sweep). */
  repeatSweepRequests: 'repeat-sweep-requests',
  /** External probes: the one-minute schedule and its own fan-out per org and per chunk of targets (probe). */
  probeRequests: 'probe-requests',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export const deadLetterTopicOf = <T extends string>(topic: T): `${T}-dead-letter` => `${topic}-dead-letter`;

/**
 * What a push-triggered function may read: a named topic, or the dead-letter topic of one (to record
 * what another function gave up on). Every push subscription gets a dead-letter topic of its own, so
 * the dead-letter recorder's subscriptions have one too (`notifications-dead-letter-dead-letter`); this
 * type ends the chain there: no function may be triggered by a dead letter of a dead letter, so those
 * last topics have only the retaining pull subscription and the alert every dead-letter topic has
 * (infra/pubsub.tf, monitoring.tf). Nothing dead-letters into the topic it reads, which would loop.
 */
export type PushTopic = TopicName | `${TopicName}-dead-letter`;

export type FunctionTrigger =
  /** `iap`: reached only through the HTTPS load balancer with Identity-Aware Proxy (the console). */
  { kind: 'http'; public: boolean; iap?: boolean } | { kind: 'push'; topics: readonly PushTopic[] };

export interface FunctionSpec {
  /** Folder under functions/ and the deployed function's name. */
  name: string;
  /** Name registered with the functions framework. */
  entryPoint: string;
  trigger: FunctionTrigger;
}

/** The functions that do the work (all but the dead-letter recorder): they read named topics only. */
const WORKERS: readonly (FunctionSpec & {
  trigger: { kind: 'http'; public: boolean } | { kind: 'push'; topics: readonly TopicName[] };
})[] = [
  { name: 'intake', entryPoint: 'intake', trigger: { kind: 'http', public: true } },
  {
    name: 'backlog-drain',
    entryPoint: 'backlogDrain',
    trigger: { kind: 'push', topics: [TOPICS.backlogDrainRequests] },
  },
  { name: 'router', entryPoint: 'router', trigger: { kind: 'push', topics: [TOPICS.mackerelEvents] } },
  { name: 'mailer', entryPoint: 'mailer', trigger: { kind: 'push', topics: [TOPICS.notifications] } },
  {
    name: 'digest-flush',
    entryPoint: 'digestFlush',
    trigger: { kind: 'push', topics: [TOPICS.digestFlushRequests] },
  },
  { name: 'org-audit', entryPoint: 'orgAudit', trigger: { kind: 'push', topics: [TOPICS.auditRequests] } },
  { name: 'cdn-usage', entryPoint: 'cdnUsage', trigger: { kind: 'push', topics: [TOPICS.cdnPolls] } },
  {
    name: 'reconcile',
    entryPoint: 'reconcile',
    trigger: { kind: 'push', topics: [TOPICS.reconcileRequests] },
  },
  {
    name: 'repeat-sweep',
    entryPoint: 'repeatSweep',
    trigger: { kind: 'push', topics: [TOPICS.repeatSweepRequests] },
  },
  { name: 'probe', entryPoint: 'probe', trigger: { kind: 'push', topics: [TOPICS.probeRequests] } },
];

export const FUNCTIONS: readonly FunctionSpec[] = [
  ...WORKERS,
  { name: 'console', entryPoint: 'console', trigger: { kind: 'http', public: false, iap: true } },
  {
    name: 'dead-letter-recorder',
    entryPoint: 'deadLetterRecorder',
    // Every dead letter of every worker: recorded, counted, and replayable with msp-ops deadletters.
    trigger: {
      kind: 'push',
      topics: WORKERS.flatMap((fn) => (fn.trigger.kind === 'push' ? fn.trigger.topics : [])).map((topic) =>
        deadLetterTopicOf(topic),
      ),
    },
  },
];

/** Delivery policy shared by every push subscription (mirrors the Terraform retry/dead-letter policy). */
export const DELIVERY_POLICY = {
  ackDeadlineSeconds: 60,
  minBackoffSeconds: 10,
  maxBackoffSeconds: 600,
  maxDeliveryAttempts: 5,
} as const;

export interface PushSubscriptionSpec {
  name: string;
  topic: PushTopic;
  functionName: string;
  deadLetterTopic: string;
  ackDeadlineSeconds: number;
  minBackoffSeconds: number;
  maxBackoffSeconds: number;
  maxDeliveryAttempts: number;
}

/** The topic a push subscription reads, from its name (`<topic>--<function>`, as PUSH_SUBSCRIPTIONS names them). */
export const topicOfSubscription = (name: string): string => name.split('--')[0] ?? name;

export const PUSH_SUBSCRIPTIONS: readonly PushSubscriptionSpec[] = FUNCTIONS.flatMap((fn) =>
  fn.trigger.kind === 'push'
    ? fn.trigger.topics.map((topic) => ({
        name: `${topic}--${fn.name}`,
        topic,
        functionName: fn.name,
        deadLetterTopic: deadLetterTopicOf(topic),
        ...DELIVERY_POLICY,
      }))
    : [],
);

/** Every topic that must exist: the named ones, those read, and a dead-letter topic per one read. */
export const ALL_TOPICS: readonly string[] = [
  ...new Set([
    ...Object.values(TOPICS),
    ...PUSH_SUBSCRIPTIONS.map((s) => s.topic),
    ...PUSH_SUBSCRIPTIONS.map((s) => s.deadLetterTopic),
  ]),
];

export interface ScheduleSpec {
  name: string;
  /** Standard five-field cron, evaluated in timeZone, as Cloud Scheduler does. */
  cron: string;
  timeZone: 'Asia/Tokyo';
  topic: TopicName;
  /** JSON message body the scheduler publishes; the consuming handler's schema must accept it. */
  payload: Record<string, unknown>;
}

export const SCHEDULES: readonly ScheduleSpec[] = [
  {
    name: 'backlog-drain',
    cron: '*/5 * * * *',
    timeZone: 'Asia/Tokyo',
    topic: TOPICS.backlogDrainRequests,
    payload: { reason: 'schedule' },
  },
  {
    name: 'digest-flush',
    cron: '* * * * *',
    timeZone: 'Asia/Tokyo',
    topic: TOPICS.digestFlushRequests,
    payload: { reason: 'schedule' },
  },
  {
    name: 'repeat-sweep',
    cron: '*/5 * * * *',
    timeZone: 'Asia/Tokyo',
    topic: TOPICS.repeatSweepRequests,
    payload: { reason: 'schedule' },
  },
  {
    name: 'org-audit',
    cron: '0 * * * *',
    timeZone: 'Asia/Tokyo',
    topic: TOPICS.auditRequests,
    payload: { reason: 'schedule' },
  },
  {
    name: 'org-audit-summary',
    cron: '0 9 * * *',
    timeZone: 'Asia/Tokyo',
    topic: TOPICS.auditRequests,
    payload: { reason: 'daily-summary' },
  },
  {
    name: 'cdn-usage',
    cron: '20 * * * *',
    timeZone: 'Asia/Tokyo',
    topic: TOPICS.cdnPolls,
    payload: { reason: 'schedule' },
  },
  {
    name: 'cdn-daily-digest',
    cron: '0 9 * * *',
    timeZone: 'Asia/Tokyo',
    topic: TOPICS.cdnPolls,
    payload: { reason: 'daily-digest' },
  },
  {
    name: 'reconcile',
    cron: '*/15 * * * *',
    timeZone: 'Asia/Tokyo',
    topic: TOPICS.reconcileRequests,
    payload: { reason: 'schedule' },
  },
  {
    name: 'probe',
    cron: '* * * * *',
    timeZone: 'Asia/Tokyo',
    topic: TOPICS.probeRequests,
    payload: { reason: 'schedule' },
  },
];
