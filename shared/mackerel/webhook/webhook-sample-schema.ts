import { z } from 'zod';
import { webhookEnvelopeSchema } from './webhook-envelope-schema';
import { orgNameSchema } from './webhook-fields';

/** The channel's "test" button: no orgName and no user, and it must still be answered 2xx. */
export const sampleEventSchema = webhookEnvelopeSchema.extend({
  event: z.literal('sample'),
  orgName: orgNameSchema.optional(),
  message: z.string().optional(),
});

export type SampleEvent = z.infer<typeof sampleEventSchema>;
