import { z } from 'zod';
import { envInt, gcpProject, hostPort } from '../../kernel/config/env-fields';
import type { DeliveryPolicy } from './delivery-record';

const DAY_MS = 24 * 60 * 60 * 1000;

export const mailerConfigSchema = z
  .object({
    GOOGLE_CLOUD_PROJECT: gcpProject,
    /** In Google Cloud: the Secret Manager secret sendgrid-api-key, mounted as this variable. */
    SENDGRID_API_KEY: z.string().trim().min(1),
    /** Unset: SendGrid itself. Locally: the stand-in (local/sendgrid). */
    SENDGRID_API_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    SENDGRID_TIMEOUT_MS: envInt(1000, 30_000).default(10_000),
    /** A sender identity verified in SendGrid. */
    MAIL_FROM_ADDRESS: z.email(),
    MAIL_FROM_NAME: z.string().trim().min(1).max(100).default('MSP Ops'),
    /** Slack and Teams webhook URLs and PagerDuty routing keys are read from Secret Manager per target. */
    SECRET_MANAGER_LOCAL_ENDPOINT: hostPort.optional(),
    /** How long a target's secret is kept per instance: a rotated webhook URL applies within this. */
    MAILER_SECRET_CACHE_SECONDS: envInt(0, 3600).default(300),
    /** Unset: PagerDuty itself. Locally: the stand-in (local/chat). */
    PAGERDUTY_EVENTS_URL: z.url({ protocol: /^https?$/ }).default('https://events.pagerduty.com/v2/enqueue'),
    /** Per Slack, Teams or PagerDuty request. */
    CHAT_TIMEOUT_MS: envInt(1000, 30_000).default(10_000),
    /** The operator console, linked from chat and paging messages; unset: they link to Mackerel only. */
    CONSOLE_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * How long a claimed notification keeps redeliveries off. Above one send, so a live sender is never
     * overtaken; well below the first few Pub/Sub backoffs added up (10 + 20 + 40 s ...), so a send whose
     * mailer died is taken over before its message runs out of delivery attempts.
     */
    MAILER_LEASE_SECONDS: envInt(10, 300).default(60),
    /** Delivery records outlive Pub/Sub's 7-day retention: a redelivery always finds its record. */
    MAILER_DELIVERY_RETENTION_DAYS: envInt(8, 400).default(14),
  })
  .superRefine((c, ctx) => {
    if (c.MAILER_LEASE_SECONDS * 1000 < 2 * Math.max(c.SENDGRID_TIMEOUT_MS, c.CHAT_TIMEOUT_MS)) {
      ctx.addIssue({
        code: 'custom',
        path: ['MAILER_LEASE_SECONDS'],
        message:
          'must be at least twice SENDGRID_TIMEOUT_MS and CHAT_TIMEOUT_MS, or a slow send is overtaken and sent twice',
      });
    }
  });

export type MailerConfig = z.infer<typeof mailerConfigSchema>;

export const deliveryPolicyOf = (c: MailerConfig): DeliveryPolicy => ({
  leaseMs: c.MAILER_LEASE_SECONDS * 1000,
  retentionMs: c.MAILER_DELIVERY_RETENTION_DAYS * DAY_MS,
});
