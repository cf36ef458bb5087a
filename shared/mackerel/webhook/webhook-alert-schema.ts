import { z } from 'zod';
import { alertStatusSchema } from '../alert-status';
import { webhookEnvelopeSchema } from './webhook-envelope-schema';
import { epochSecondsSchema, identifierSchema, optionalMetricNumberSchema } from './webhook-fields';
import { webhookHostSchema, webhookRoleSchema } from './webhook-host-schema';

/**
 * Only what identifies and times the alert is required; the rest is display data and may be missing.
 * `closedAt` can be a number while `isOpen` is true (the docs' own sample): isOpen is the truth.
 * `monitorName` is never trimmed: leading spaces are part of the name.
 */
export const webhookAlertSchema = z.looseObject({
  id: identifierSchema,
  status: alertStatusSchema,
  isOpen: z.boolean(),
  openedAt: epochSecondsSchema,
  closedAt: epochSecondsSchema.nullable().optional(),
  statusChangedAt: epochSecondsSchema.nullable().optional(),
  /** Epoch milliseconds, deprecated by Mackerel. */
  createdAt: z.number().optional(),
  trigger: z.string().optional(),
  url: z.string().optional(),
  monitorName: z.string().optional(),
  metricLabel: z.string().optional(),
  metricValue: optionalMetricNumberSchema,
  criticalThreshold: optionalMetricNumberSchema,
  warningThreshold: optionalMetricNumberSchema,
  monitorOperator: z.string().optional(),
  duration: z.number().optional(),
});

export const webhookServiceSchema = z.looseObject({
  id: identifierSchema,
  name: z.string(),
  memo: z.string().optional(),
  orgId: z.string().optional(),
  roles: z.array(webhookRoleSchema).optional(),
});

/** Added when the alert arrives through Amazon EventBridge instead of a webhook. */
export const resourceInfoSchema = z.looseObject({
  service: z.string().nullable().optional(),
  region: z.string().nullable().optional(),
  accountId: z.string().nullable().optional(),
  resourceType: z.string().nullable().optional(),
  resourceId: z.string().nullable().optional(),
});

/**
 * Every monitor type, including ones Mackerel adds later: `type` is free text and absent from some
 * EventBridge deliveries. `host` is there only for host-bound types, `service` for service and some
 * external monitors; expression and query alerts carry neither.
 */
export const alertEventSchema = webhookEnvelopeSchema.extend({
  event: z.literal('alert'),
  type: z.string().optional(),
  message: z.string().optional(),
  memo: z.string().optional(),
  host: webhookHostSchema.nullable().optional(),
  service: webhookServiceSchema.nullable().optional(),
  alert: webhookAlertSchema,
  resourceInfo: resourceInfoSchema.optional(),
});

export type WebhookAlert = z.infer<typeof webhookAlertSchema>;
export type AlertEvent = z.infer<typeof alertEventSchema>;
