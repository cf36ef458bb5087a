import { z } from 'zod';

/**
 * Where a notification goes: mail to the route's recipients, or a chat / paging service whose credential
 * (a Slack or Teams webhook URL, a PagerDuty routing key) lives in Secret Manager. Only the secret's name
 * is kept in Firestore, on the notification and in logs; the value is read by the mailer when it sends.
 */

/** Secret Manager's rule for secret ids. */
export const secretNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,255}$/, 'expected a Secret Manager secret id (letters, digits, - and _)');

export const NOTIFICATION_TARGET_KINDS = ['email', 'slack', 'teams', 'pagerduty'] as const;
export type NotificationTargetKind = (typeof NOTIFICATION_TARGET_KINDS)[number];

export const notificationTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('email') }),
  /** Slack incoming webhook; the secret holds its https://hooks.slack.com/services/... URL. */
  z.strictObject({ kind: z.literal('slack'), webhookUrlSecret: secretNameSchema }),
  /** A Teams Workflows "post to a channel when a webhook request is received" URL. */
  z.strictObject({ kind: z.literal('teams'), webhookUrlSecret: secretNameSchema }),
  /** PagerDuty Events API v2; the secret holds the service's integration (routing) key. */
  z.strictObject({ kind: z.literal('pagerduty'), routingKeySecret: secretNameSchema }),
]);

export type NotificationTarget = z.infer<typeof notificationTargetSchema>;
export type ChatTarget = Extract<NotificationTarget, { kind: 'slack' | 'teams' }>;
export type PagerDutyTarget = Extract<NotificationTarget, { kind: 'pagerduty' }>;

/** The secret a target's credential is read from; none for mail. */
export function secretOf(target: NotificationTarget): string | undefined {
  switch (target.kind) {
    case 'email':
      return undefined;
    case 'slack':
    case 'teams':
      return target.webhookUrlSecret;
    case 'pagerduty':
      return target.routingKeySecret;
  }
}

/** `email`, `slack:<secret>`: one per destination, the key of its delivery record and rate limit. */
export function targetKeyOf(target: NotificationTarget): string {
  const secret = secretOf(target);
  return secret === undefined ? target.kind : `${target.kind}:${secret}`;
}

/** What a route without `targets` does, as every route did before targets existed. */
export const EMAIL_ONLY: readonly NotificationTarget[] = [{ kind: 'email' }];

/** A route's targets: at least one, each destination once. */
export const targetListSchema = z
  .array(notificationTargetSchema)
  .min(1)
  .max(10)
  .superRefine((targets, ctx) => {
    const seen = new Set<string>();
    targets.forEach((target, i) => {
      const key = targetKeyOf(target);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `${key} is listed twice` });
      seen.add(key);
    });
  });

export const mailsTo = (targets: readonly NotificationTarget[]): boolean =>
  targets.some((target) => target.kind === 'email');
