import { z } from 'zod';
import { webhookEnvelopeSchema } from './webhook-envelope-schema';
import { webhookHostSchema } from './webhook-host-schema';

/** In hostRetire the host still says isRetired: false; the event name is what counts. */
export const hostLifecycleEventSchema = webhookEnvelopeSchema.extend({
  event: z.literal(['hostRegister', 'hostRetire']),
  host: webhookHostSchema,
});

/** The new status is in host.status. */
export const hostStatusEventSchema = hostLifecycleEventSchema.extend({
  event: z.literal('hostStatus'),
  fromStatus: z.string().optional(),
});

export type HostLifecycleEvent = z.infer<typeof hostLifecycleEventSchema>;
export type HostStatusEvent = z.infer<typeof hostStatusEventSchema>;
