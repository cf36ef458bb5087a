import { z } from 'zod';
import { alertGroupEventSchema } from './webhook-alert-group-schema';
import { alertEventSchema } from './webhook-alert-schema';
import { webhookEnvelopeSchema } from './webhook-envelope-schema';
import { orgNameSchema } from './webhook-fields';
import { hostLifecycleEventSchema, hostStatusEventSchema } from './webhook-host-event-schema';
import { monitorEventSchema } from './webhook-monitor-event-schema';
import { sampleEventSchema } from './webhook-sample-schema';

export const knownWebhookEventSchema = z.discriminatedUnion('event', [
  alertEventSchema,
  alertGroupEventSchema,
  hostStatusEventSchema,
  hostLifecycleEventSchema,
  monitorEventSchema,
  sampleEventSchema,
]);

export const knownEventTypes: ReadonlySet<string> = new Set(
  knownWebhookEventSchema.options.flatMap((option) => [...option.shape.event.values]),
);

/**
 * Mackerel will send event types we do not know yet: accepted and recorded with the envelope checked.
 * orgName stays optional because a future event may, like `sample`, carry none.
 */
export const unknownWebhookEventSchema = webhookEnvelopeSchema.extend({ orgName: orgNameSchema.optional() });

export type KnownWebhookEvent = z.infer<typeof knownWebhookEventSchema>;
export type UnknownWebhookEvent = z.infer<typeof unknownWebhookEventSchema>;
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

/** `event: string` on unknown events defeats narrowing on `event`, so narrow with this first. */
export function isKnownWebhookEvent(event: WebhookEvent): event is KnownWebhookEvent {
  return knownEventTypes.has(event.event);
}
