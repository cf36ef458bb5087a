import { z } from 'zod';
import { ALERT_STATUSES } from '../../mackerel/alert-status';
import { alertSummarySchema, notificationMessageSchema } from '../../notify/message/notification-message';
import { notificationTargetSchema } from '../../notify/targets/notification-target';
import { recipientsSchema } from '../../routing/route-schema';
import { routingTargetSchema } from '../../routing/routing-target';

/**
 * The router's record of one alert (or alert group) of one org: orgs/{org}/alerts/{alertId} and
 * orgs/{org}/alertGroups/{alertGroupId} (see shared/alerting/adapters/firestore-alert-states.ts). Plain JSON
 * data, times as ISO text except the Mackerel times (epoch seconds, as Mackerel sends them). Optional
 * facts are null rather than absent, so each write replaces the whole document.
 */

export const ALERT_SUBJECT_KINDS = ['alert', 'alertGroup'] as const;
export type AlertSubjectKind = (typeof ALERT_SUBJECT_KINDS)[number];

/** Which alert a state is about. Alert and alert-group ids are kept apart: they are different things. */
export interface AlertSubject {
  kind: AlertSubjectKind;
  id: string;
}

const isoTime = z.iso.datetime({ offset: true });

/**
 * A route that was told about this alert, with the recipients and targets it had then: recoveries go to exactly
 * these, even if the route has changed or stopped matching since.
 */
export const notifiedRouteSchema = z.object({
  /** RouteEvaluation.key: `org:<id>`, `default` or `msp:<id>`. */
  routeKey: z.string().min(1),
  scope: z.enum(['org', 'default', 'msp']),
  routeId: z.string().min(1),
  name: z.string(),
  /** Absent for a route that does not mail. */
  recipients: recipientsSchema.optional(),
  /** Absent in states written before targets existed: mail only. */
  targets: z.array(notificationTargetSchema).min(1).optional(),
  repeatIntervalSeconds: z.number().int().positive(),
  firstNotifiedAt: isoTime,
  lastNotifiedAt: isoTime,
  lastNotificationId: z.string().min(1),
  lastKind: z.enum(['alert', 'recovery', 'repeat']),
  /** The last notification waits in a held digest until then (the route was muted and holds). */
  heldUntil: isoTime.optional(),
});

export type NotifiedRoute = z.infer<typeof notifiedRouteSchema>;

/** Why the latest open status of the alert was not mailed. */
export const suppressionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('maintenance'),
    hostId: z.string().min(1),
    hostName: z.string(),
    /** `event`: the webhook's host said so; `inventory`: a hostStatus event newer than the alert did. */
    source: z.enum(['event', 'inventory']),
  }),
  z.object({
    kind: z.literal('silence'),
    silenceId: z.string().min(1),
    endsAt: z.string().min(1),
    createdBy: z.string(),
    comment: z.string(),
  }),
  z.object({
    /** An inhibit rule and an open alert of the org matching its source (shared/routing/inhibition/). */
    kind: z.literal('inhibition'),
    ruleId: z.string().min(1),
    ruleName: z.string(),
    sourceAlertId: z.string().min(1),
    /** Empty when the source alert has no monitor name. */
    sourceMonitorName: z.string(),
  }),
]);

export type Suppression = z.infer<typeof suppressionSchema>;

export const alertStateSchema = z.object({
  version: z.literal(1),
  org: z.string().min(1),
  kind: z.enum(ALERT_SUBJECT_KINDS),
  alertId: z.string().min(1),
  status: z.enum(ALERT_STATUSES),
  isOpen: z.boolean(),
  /** The ordering time of the latest applied event (never decreases). */
  eventTimeSeconds: z.number(),
  openedAt: z.number(),
  closedAt: z.number().nullable(),
  /** Monitor type (host, service, expression, ...) or `alertGroup`. */
  type: z.string(),
  monitorName: z.string(),
  /** What the mail calls it: host name, else service name, else monitor name. */
  target: z.string(),
  hostId: z.string().nullable(),
  hostName: z.string().nullable(),
  /**
   * What the mails of the latest applied event said, and what it routed on: the repeat sweep mails and
   * mutes an alert that stays open from these, with no event at hand. Null in states written before.
   */
  display: alertSummarySchema
    .pick({
      alertId: true,
      type: true,
      target: true,
      monitorName: true,
      message: true,
      memo: true,
      alertUrl: true,
      imageUrl: true,
      openedAt: true,
    })
    .nullable()
    .default(null),
  routing: routingTargetSchema.nullable().default(null),
  /** Dedup key of the latest applied event. */
  lastDedupKey: z.string().min(1),
  lastTransition: z.enum(['opened', 'escalated', 'changed', 'recovered', 'duplicate']),
  /** When intake received the latest applied event. */
  lastReceivedAt: isoTime,
  updatedAt: isoTime,
  /** Every route told about the alert in its lifetime, by route key. */
  notifiedRoutes: z.record(z.string(), notifiedRouteSchema),
  lastNotifiedAt: isoTime.nullable(),
  /** Set while the latest open status was muted; null once mailed, closed, or never muted. */
  suppression: suppressionSchema.nullable(),
  /**
   * Transactional outbox, by notification id: notifications decided with this state and perhaps not
   * published yet. Written together with the state, published after it, cleared after publishing. Any
   * later processing of the alert (a redelivery included) publishes what it finds here first, so a crash
   * between the state write and the publish loses nothing; the ids make republishing harmless.
   */
  outbox: z.record(z.string(), notificationMessageSchema),
});

export type AlertState = z.infer<typeof alertStateSchema>;
export type AppliedTransition = AlertState['lastTransition'];
