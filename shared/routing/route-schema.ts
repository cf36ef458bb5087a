import { z } from 'zod';
import { orgNameSchema } from '../kernel/org-name';
import { recipientsShape } from '../kernel/recipients';
import {
  EMAIL_ONLY,
  mailsTo,
  type NotificationTarget,
  targetListSchema,
} from '../notify/targets/notification-target';
import { globSchema } from './glob';
import { minSeveritySchema } from './severity';

/**
 * Routes, the per-org default route and MSP-wide routes, as stored in Firestore. Objects are strict: a
 * misspelt matcher (`minSeverty`) would otherwise be dropped and silently widen the route to every event,
 * so such a document is rejected and reported instead.
 */

/** Document ids of routes and silences: slugs, safe in Firestore paths, logs and CLI arguments. */
export const configIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'expected an id of letters, digits, - and _');

/** An empty list would match nothing, which nobody means; leave the matcher out to match everything. */
const nameList = z.array(z.string().min(1)).min(1);

/** Mackerel's API spelling, `service:role`; the webhook's `fullname` ("shop: web") has a space. */
const roleSchema = z.string().regex(/^[^:\s]+:[^:\s]+$/, 'expected "service:role" without spaces');

/** Every matcher given must hold (AND); a list matcher holds when any one of its values does (OR). */
export const routeMatchSchema = z.strictObject({
  eventTypes: nameList.optional(),
  alertTypes: nameList.optional(),
  minSeverity: minSeveritySchema.optional(),
  services: nameList.optional(),
  roles: z.array(roleSchema).min(1).optional(),
  hostNameGlob: globSchema.optional(),
  monitorNameGlob: globSchema.optional(),
});

export const recipientsSchema = z.strictObject(recipientsShape);

const DAY_SECONDS = 24 * 60 * 60;

/** Who is told, where and how often: the part every kind of route shares. */
const deliveryShape = {
  /** Mail's addresses: required while the route mails (its targets include `email`, as they do by default). */
  recipients: recipientsSchema.optional(),
  /** Where the route's notifications go; left out: mail only. */
  targets: targetListSchema.optional(),
  /** Further alerts within this window after the first are folded into one digest. */
  groupIntervalSeconds: z.number().int().min(1).max(DAY_SECONDS).default(300),
  /** How often a still-open alert is mailed again. */
  repeatIntervalSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * DAY_SECONDS)
    .default(4 * 60 * 60),
};

const routeShape = {
  id: configIdSchema,
  name: z.string().min(1),
  /** Ascending; ties are broken by id so evaluation order never depends on how documents were read. */
  order: z.number(),
  match: routeMatchSchema.default({}),
  /** Keep evaluating later routes after this one matched. */
  continue: z.boolean().default(false),
  enabled: z.boolean().default(true),
  /** timeIntervals ids: the route notifies only while one of these holds. */
  activeTimeIntervals: z.array(configIdSchema).min(1).optional(),
  /** timeIntervals ids: the route matches but notifies nobody while any of these holds. */
  muteTimeIntervals: z.array(configIdSchema).min(1).optional(),
  /**
   * While the route is muted by its time intervals: `drop` (left out, the default) tells nobody, as
   * Alertmanager does; `hold` keeps what it would have sent and sends it as one digest when the mute ends
   * ("warnings wait for the morning digest").
   */
  whileMuted: z.enum(['drop', 'hold']).optional(),
  ...deliveryShape,
};

/** A route's targets, the default (mail only) when it names none. */
export const targetsOfRoute = (route: { targets?: readonly NotificationTarget[] | undefined }) =>
  route.targets ?? EMAIL_ONLY;

interface DeliverySettings {
  recipients?: unknown;
  targets?: readonly NotificationTarget[] | undefined;
  groupIntervalSeconds: number;
  repeatIntervalSeconds: number;
}

/**
 * A repeat sooner than the group window would re-mail an alert that is still being folded into a digest;
 * a route that mails needs someone to mail.
 */
function checkDelivery(route: DeliverySettings, ctx: z.RefinementCtx): void {
  if (route.repeatIntervalSeconds < route.groupIntervalSeconds) {
    ctx.addIssue({
      code: 'custom',
      path: ['repeatIntervalSeconds'],
      message: 'must not be shorter than groupIntervalSeconds',
    });
  }
  if (mailsTo(targetsOfRoute(route)) && route.recipients === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['recipients'],
      message: 'required while the route mails (targets include email, or are left out)',
    });
  }
}

/** orgs/{org}/routes/{id}. */
export const routeSchema = z.strictObject(routeShape).superRefine(checkDelivery);

/**
 * mspRoutes/{id}: evaluated for every org (or only the orgs listed), independently of the org's routes,
 * with the same ordering and `continue` rules among themselves.
 */
export const mspRouteSchema = z
  .strictObject({ ...routeShape, orgs: z.array(orgNameSchema).min(1).optional() })
  .superRefine(checkDelivery);

/**
 * The `defaultRoute` field of orgs/{org}: used only when none of the org's routes matched. A field rather
 * than a flagged route document, so an org cannot end up with two defaults; it has no matchers, order or
 * `continue` because it is by definition the catch-all at the end. Remove the field to have none.
 */
export const defaultRouteSchema = z.strictObject(deliveryShape).superRefine(checkDelivery);

export type RouteMatch = z.infer<typeof routeMatchSchema>;
export type Recipients = z.infer<typeof recipientsSchema>;
export type Route = z.infer<typeof routeSchema>;
export type RouteInput = z.input<typeof routeSchema>;
export type MspRoute = z.infer<typeof mspRouteSchema>;
export type MspRouteInput = z.input<typeof mspRouteSchema>;
export type DefaultRoute = z.infer<typeof defaultRouteSchema>;
