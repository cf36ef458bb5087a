import { z } from 'zod';
import { envBool, envInt, gcpProject } from '../../kernel/config/env-fields';

export const routerConfigSchema = z.object({
  GOOGLE_CLOUD_PROJECT: gcpProject,
  /**
   * Per publish (notifications, audit requests). A publish that fails or times out makes the push answer
   * 5xx and Pub/Sub redelivers: the notification waits in the alert's outbox meanwhile.
   */
  ROUTER_PUBLISH_TIMEOUT_MS: envInt(100, 60_000).default(5000),
  /** Storm control (group windows, digests, caps); false publishes every notification at once. */
  ROUTER_GROUPING: envBool.default(true),
  /** Mails per recipient address per hour; beyond it notifications are folded into digests. */
  ROUTER_RECIPIENT_HOURLY_CAP: envInt(1, 10_000).default(30),
  /**
   * Messages per Slack incoming webhook per minute; beyond it, folded. Slack allows about one a second
   * (short bursts), so the bound stays at that rate: a higher cap would only turn folds into 429s.
   */
  ROUTER_SLACK_PER_MINUTE: envInt(1, 60).default(20),
  /** Requests per Teams Workflows webhook per minute; bounded by its limit of about 4 a second. */
  ROUTER_TEAMS_PER_MINUTE: envInt(1, 240).default(60),
});

export type RouterConfig = z.infer<typeof routerConfigSchema>;
