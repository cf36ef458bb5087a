import { z } from 'zod';
import { MEMO_MAX_CHARS, NAME_MAX_CHARS, scopeSchema, serviceNameSchema } from './monitor-spec';

/**
 * A downtime as `POST /api/v0/downtimes` and `PUT /api/v0/downtimes/<id>` accept it. Mackerel scopes a
 * downtime by service, role and monitor only: there is no host scope (put the host in maintenance
 * status, or use a silence, for one host). Monitor scopes are monitor ids on the wire; a template names
 * monitors and the push resolves them per org.
 */

export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

const epochSeconds = z.int().min(0);

export const recurrenceSchema = z
  .strictObject({
    type: z.enum(['hourly', 'daily', 'weekly', 'monthly', 'yearly']),
    interval: z.int().min(1).max(100),
    /** Weekly only. */
    weekdays: z.array(z.enum(WEEKDAYS)).min(1).optional(),
    /** Epoch seconds; absent: for ever. */
    until: epochSeconds.optional(),
  })
  .refine((r) => r.weekdays === undefined || r.type === 'weekly', {
    message: 'weekdays are for weekly recurrences only',
    path: ['weekdays'],
  });

const roleScopes = z.array(
  scopeSchema.refine((scope) => scope.includes(':'), { message: 'expected `service: role`' }),
);

/** The scope keys, shared by the wire spec and the template (which names monitors instead of ids). */
export const downtimeScopeShape = {
  serviceScopes: z.array(serviceNameSchema).optional(),
  serviceExcludeScopes: z.array(serviceNameSchema).optional(),
  roleScopes: roleScopes.optional(),
  roleExcludeScopes: roleScopes.optional(),
};

export const downtimeBaseShape = {
  name: z.string().trim().min(1).max(NAME_MAX_CHARS),
  memo: z.string().max(MEMO_MAX_CHARS).optional(),
  /** Epoch seconds of the first window. */
  start: epochSeconds,
  /** Minutes. */
  duration: z
    .int()
    .min(1)
    .max(60 * 24 * 366),
  recurrence: recurrenceSchema.optional(),
  ...downtimeScopeShape,
};

export const downtimeSpecSchema = z.strictObject({
  ...downtimeBaseShape,
  monitorScopes: z.array(z.string().min(1)).optional(),
  monitorExcludeScopes: z.array(z.string().min(1)).optional(),
});

export type DowntimeSpec = z.infer<typeof downtimeSpecSchema>;
export type Recurrence = z.infer<typeof recurrenceSchema>;

export const DOWNTIME_KEYS: readonly string[] = Object.keys(downtimeSpecSchema.shape);

export const DOWNTIME_DEFAULTS: Record<string, unknown> = {
  memo: '',
  serviceScopes: [],
  serviceExcludeScopes: [],
  roleScopes: [],
  roleExcludeScopes: [],
  monitorScopes: [],
  monitorExcludeScopes: [],
};

/** What a user reaching for a host scope is told, wherever they would write one. */
export const NO_HOST_SCOPE =
  'Mackerel downtimes have no host scope: scope by serviceScopes/roleScopes or monitors, or put the host in maintenance status';
