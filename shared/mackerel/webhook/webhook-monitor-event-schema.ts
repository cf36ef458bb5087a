import { z } from 'zod';
import { webhookEnvelopeSchema } from './webhook-envelope-schema';
import { identifierSchema } from './webhook-fields';

/**
 * `monitor` is the definition as the REST API returns it (new one on update, old one on delete); its
 * keys vary by monitor type, so only the common ones are checked. A connectivity monitor may lack a name.
 */
export const monitorEventSchema = webhookEnvelopeSchema.extend({
  event: z.literal(['monitorCreate', 'monitorUpdate', 'monitorDelete']),
  monitor: z.looseObject({
    id: identifierSchema,
    type: z.string(),
    name: z.string().optional(),
  }),
});

export type MonitorEvent = z.infer<typeof monitorEventSchema>;
