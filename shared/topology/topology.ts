/**
 * The one definition of topics, push subscriptions, functions and schedules. The local Pub/Sub server
 * and local scheduler are built from it, and infra/ is held to it by tests, so they cannot drift apart.
 */
export const TOPICS = {
  mackerelEvents: 'mackerel-events',
  backlogDrainRequests: 'backlog-drain-requests',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export type FunctionTrigger = { kind: 'http'; public: boolean } | { kind: 'push'; topic: TopicName };

export interface FunctionSpec {
  /** Folder under functions/ and the deployed function's name. */
  name: string;
  /** Name registered with the functions framework. */
  entryPoint: string;
  trigger: FunctionTrigger;
}

export const FUNCTIONS: readonly FunctionSpec[] = [
  { name: 'intake', entryPoint: 'intake', trigger: { kind: 'http', public: true } },
  {
    name: 'backlog-drain',
    entryPoint: 'backlogDrain',
    trigger: { kind: 'push', topic: TOPICS.backlogDrainRequests },
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
  topic: TopicName;
  functionName: string;
  deadLetterTopic: string;
  ackDeadlineSeconds: number;
  minBackoffSeconds: number;
  maxBackoffSeconds: number;
  maxDeliveryAttempts: number;
}

export const deadLetterTopicOf = (topic: string): string => `${topic}-dead-letter`;

export const PUSH_SUBSCRIPTIONS: readonly PushSubscriptionSpec[] = FUNCTIONS.flatMap((fn) =>
  fn.trigger.kind === 'push'
    ? [
        {
          name: `${fn.trigger.topic}--${fn.name}`,
          topic: fn.trigger.topic,
          functionName: fn.name,
          deadLetterTopic: deadLetterTopicOf(fn.trigger.topic),
          ...DELIVERY_POLICY,
        },
      ]
    : [],
);

/** Every topic that must exist: the named ones and a dead-letter topic per subscribed topic. */
export const ALL_TOPICS: readonly string[] = [
  ...Object.values(TOPICS),
  ...new Set(PUSH_SUBSCRIPTIONS.map((s) => s.deadLetterTopic)),
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
];
