import { z } from 'zod';
import type { Logger } from '../../shared/kernel/log/logger';

export interface LocalPushSubscription {
  /** Short name, e.g. 'backlog-drain-requests--backlog-drain'. */
  name: string;
  /** Short topic name. */
  topic: string;
  /** Full URL to POST to. */
  pushEndpoint: string;
  /** Short topic name. Without one, attempts are not counted and a failing message is retried forever. */
  deadLetterTopic?: string;
  maxDeliveryAttempts: number;
  minBackoffSeconds: number;
  maxBackoffSeconds: number;
  /** How long a push may take before it counts as a failed attempt. */
  ackDeadlineSeconds: number;
}

export interface LocalPubSubServerOptions {
  projectId: string;
  /** Default '127.0.0.1'. */
  host?: string;
  /** 0 = ephemeral. */
  port: number;
  /** Short names, created at start. */
  topics: readonly string[];
  subscriptions: readonly LocalPushSubscription[];
  /** Multiplies backoffs and ack deadlines; tests use e.g. 0.001. Default 1. */
  timeScale?: number;
  /** Default 16. */
  maxInFlightPerSubscription?: number;
  logger?: Logger;
}

const subscriptionSchema = z
  .object({
    name: z.string().min(1),
    topic: z.string().min(1),
    pushEndpoint: z.url({ protocol: /^http$/ }),
    deadLetterTopic: z.string().min(1).optional(),
    maxDeliveryAttempts: z.int().min(1),
    minBackoffSeconds: z.number().min(0),
    maxBackoffSeconds: z.number().min(0),
    ackDeadlineSeconds: z.number().positive(),
  })
  .refine((s) => s.maxBackoffSeconds >= s.minBackoffSeconds, 'maxBackoffSeconds is below minBackoffSeconds');

const optionsSchema = z
  .object({
    projectId: z.string().min(1),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.int().min(0).max(65535),
    topics: z.array(z.string().min(1)),
    subscriptions: z.array(subscriptionSchema),
    timeScale: z.number().positive().default(1),
    maxInFlightPerSubscription: z.int().min(1).default(16),
  })
  // A subscription to a topic that is never created would silently receive nothing.
  .superRefine((o, ctx) => {
    const names = new Set<string>();
    for (const s of o.subscriptions) {
      if (names.has(s.name)) ctx.addIssue({ code: 'custom', message: `duplicate subscription ${s.name}` });
      names.add(s.name);
      for (const topic of [s.topic, s.deadLetterTopic]) {
        if (topic !== undefined && !o.topics.includes(topic)) {
          ctx.addIssue({ code: 'custom', message: `subscription ${s.name} names unknown topic ${topic}` });
        }
      }
    }
  });

export type ResolvedOptions = z.infer<typeof optionsSchema>;

/** Options with defaults applied; throws on a configuration the server could not honour. */
export function resolveOptions(options: LocalPubSubServerOptions): ResolvedOptions {
  return optionsSchema.parse(options);
}
