import { z } from 'zod';
import { identifierSchema, orgNameSchema } from './webhook-fields';

/**
 * Keys every event may carry. Loose at every level: Mackerel adds keys without notice and the raw body
 * is kept, so unknown keys are never a reason to reject. `user` is undocumented, hence all optional.
 */
export const webhookEnvelopeSchema = z.looseObject({
  orgName: orgNameSchema,
  event: identifierSchema,
  imageUrl: z.string().nullable().optional(),
  user: z.looseObject({ id: z.string().optional(), screenName: z.string().optional() }).nullable().optional(),
});
