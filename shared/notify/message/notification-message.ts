import { z } from 'zod';
import { ALL_ORGS } from '../../kernel/org-name';
import { ALERT_STATUSES } from '../../mackerel/alert-status';
import { mailsTo, type NotificationTarget, targetListSchema } from '../targets/notification-target';
import { reportContentSchema } from './report-content';

/**
 * What travels on topic `notifications`: one mail to send, fully decided by its producer (the router,
 * org-audit, cdn-usage). The mailer adds nothing but presentation, so a notification can be replayed
 * from a dead letter and produce the same mail.
 */

/** `report`: a mail that is not about Mackerel alerts (audit findings, CDN commit warnings), see report-content.ts. */
export const NOTIFICATION_KINDS = ['alert', 'recovery', 'repeat', 'digest', 'report'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Loose on purpose: SendGrid is the authority on what it can deliver to. Its verdict on an address it
 * rejects (400) is recorded as a permanent failure; a stricter regex here would instead dead-letter
 * mails SendGrid would have accepted (internationalised domains, say).
 */
const address = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^\s@,;<>]+@[^\s@,;<>]+$/, 'expected an e-mail address');

/** One alert as a mail shows it. Times are epoch seconds, as Mackerel sends them. */
export const alertSummarySchema = z.object({
  org: z.string().min(1),
  orgDisplayName: z.string().min(1),
  alertId: z.string().min(1),
  status: z.enum(ALERT_STATUSES),
  previousStatus: z.enum(ALERT_STATUSES).optional(),
  /** Monitor type: host, connectivity, check, service, external, expression, anomalyDetection, query, ... */
  type: z.string().min(1),
  /** Host name; service name; or the monitor name for alerts with neither (expression, query, external). */
  target: z.string().min(1),
  /** May be empty (a connectivity monitor without a name) and may have leading spaces. */
  monitorName: z.string(),
  /** Empty on a manual close. */
  message: z.string(),
  /** The monitor's memo, i.e. its runbook; may span lines. */
  memo: z.string(),
  alertUrl: z.string().min(1),
  imageUrl: z.string().min(1).optional(),
  openedAt: z.number().nonnegative(),
  closedAt: z.number().nonnegative().optional(),
});

export type AlertSummary = z.infer<typeof alertSummarySchema>;

const isoTime = z.iso.datetime({ offset: true });

/** One org of a digest: how many of its alerts were folded in and the worst of them, listed or not. */
export const digestOrgSchema = z.object({
  org: z.string().min(1),
  orgDisplayName: z.string().min(1),
  alerts: z.int().positive(),
  worst: z.enum(ALERT_STATUSES),
});

export type DigestOrg = z.infer<typeof digestOrgSchema>;

export const notificationMessageSchema = z
  .object({
    version: z.literal(1),
    /**
     * Idempotency key chosen by the producer: the same id is mailed at most once (see
     * shared/notify/delivery/deliver-notification.ts). Also the Firestore document id of its delivery record,
     * hence the character set (no `/`, cannot be `.`, `..` or `__x__`).
     */
    id: z.string().regex(/^[A-Za-z0-9][\w.:=+~-]{0,199}$/, 'expected 1-200 of [A-Za-z0-9_.:=+~-]'),
    kind: z.enum(NOTIFICATION_KINDS),
    org: z.string().min(1),
    routeId: z.string().min(1),
    language: z.enum(LANGUAGES),
    /** Mail's addresses; empty when the notification is not mailed (no `email` target). */
    recipients: z
      .object({ to: z.array(address).max(100), cc: z.array(address).max(100).default([]) })
      .default({ to: [], cc: [] }),
    /** Where it goes; each target is delivered once (see shared/notify/delivery/deliver-notification.ts). */
    targets: targetListSchema.default((): NotificationTarget[] => [{ kind: 'email' }]),
    correlationId: z.string().min(1).max(200),
    /** Every kind but `report` is about at least one alert. */
    alerts: z.array(alertSummarySchema).max(1000).default([]),
    /** Reports only. */
    report: reportContentSchema.optional(),
    /**
     * The route is muted until then and holds (`whileMuted: hold`): storm control folds the notification
     * into a digest sent at that time instead of sending it now. Alerts, repeats and recoveries only.
     */
    heldUntil: isoTime.optional(),
    /** Digests only: the group window the alerts were folded in. */
    window: z.object({ from: isoTime, to: isoTime }).optional(),
    /** Digests only: alerts folded in but not listed one by one; counted in the digest's totals. */
    suppressedCount: z.int().nonnegative().optional(),
    /** Digests only: every org with alerts in it, worst first, so no org hides behind another's listing. */
    orgs: z.array(digestOrgSchema).max(5000).optional(),
  })
  .superRefine((n, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (mailsTo(n.targets) && n.recipients.to.length === 0)
      issue(['recipients', 'to'], 'a mailed notification needs at least one address');
    if (n.kind === 'report' && n.targets.some((t) => t.kind !== 'email'))
      issue(['targets'], 'reports are mailed only');
    if (n.kind !== 'report' && n.report !== undefined)
      issue(['report'], `only reports have content, not ${n.kind}`);
    if (n.kind !== 'digest') {
      if (n.window !== undefined) issue(['window'], 'only digests have a window');
      if (n.suppressedCount !== undefined) issue(['suppressedCount'], 'only digests fold alerts');
      if (n.orgs !== undefined) issue(['orgs'], 'only digests count alerts per org');
    }
    if (n.heldUntil !== undefined && (n.kind === 'digest' || n.kind === 'report'))
      issue(['heldUntil'], `a ${n.kind} is never held`);
    if (n.kind === 'report') {
      if (n.report === undefined) issue(['report'], 'a report needs its content');
      if (n.alerts.length > 0) issue(['alerts'], 'a report lists no alerts');
    } else if (n.kind === 'digest') {
      if (n.alerts.length === 0) issue(['alerts'], 'a digest folds at least one alert');
      if (n.window === undefined) issue(['window'], 'a digest needs its window');
      else if (Date.parse(n.window.from) > Date.parse(n.window.to)) issue(['window'], 'from is after to');
    } else {
      if (n.alerts.length !== 1) issue(['alerts'], `${n.kind} is about exactly one alert`);
      if (n.org === ALL_ORGS) issue(['org'], `only a digest or report may span orgs (${ALL_ORGS})`);
    }
    n.alerts.forEach((alert, i) => {
      if (n.org !== ALL_ORGS && alert.org !== n.org) {
        issue(['alerts', i, 'org'], `alert of ${alert.org} in a notification for ${n.org}`);
      }
      // A recovery mail saying CRITICAL (or an alert mail saying OK) would be a producer bug worth catching.
      if (n.kind === 'recovery' && alert.status !== 'ok') issue(['alerts', i, 'status'], 'a recovery is ok');
      if ((n.kind === 'alert' || n.kind === 'repeat') && alert.status === 'ok') {
        issue(['alerts', i, 'status'], `an ${n.kind} is not ok`);
      }
    });
  });

export type NotificationMessage = z.infer<typeof notificationMessageSchema>;
/** What a producer builds (cc may be left out). */
export type NotificationInput = z.input<typeof notificationMessageSchema>;

/** Pub/Sub attributes a producer sets, so logs and filters need not decode the data. */
export function notificationAttributes(n: NotificationMessage): Record<string, string> {
  return { org: n.org, kind: n.kind, notificationId: n.id, correlationId: n.correlationId };
}

/** A notification about Mackerel alerts (every kind but `report`): what the alert templates lay out. */
export type AlertNotification = NotificationMessage & { kind: Exclude<NotificationKind, 'report'> };

export const isAlertNotification = (n: NotificationMessage): n is AlertNotification => n.kind !== 'report';
