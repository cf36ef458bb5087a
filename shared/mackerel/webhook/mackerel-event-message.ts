import { z } from 'zod';

/**
 * What travels on topic mackerel-events: the webhook body exactly as Mackerel sent it (unknown keys
 * kept) plus what intake learned. The router parses it with this schema.
 */
export const mackerelEventMessageSchema = z.object({
  version: z.literal(1),
  org: z.string().min(1),
  source: z.enum(['webhook', 'reconcile']),
  receivedAt: z.iso.datetime(),
  correlationId: z.string().min(1),
  dedupKey: z.string().min(1),
  body: z.record(z.string(), z.unknown()),
});

export type MackerelEventMessage = z.infer<typeof mackerelEventMessageSchema>;

/** Pub/Sub attributes, so subscribers and logs can filter without decoding data. */
export const mackerelEventAttributesSchema = z.object({
  org: z.string().min(1),
  event: z.string().min(1),
  dedupKey: z.string().min(1),
  correlationId: z.string().min(1),
  alertId: z.string().min(1).optional(),
});

export type MackerelEventAttributes = z.infer<typeof mackerelEventAttributesSchema>;
