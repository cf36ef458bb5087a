import { z } from 'zod';
import { alertStatusSchema } from '../alert-status';
import { webhookEnvelopeSchema } from './webhook-envelope-schema';
import { epochSecondsSchema, identifierSchema } from './webhook-fields';

/** Alert-group status arrives upper case (CRITICAL); the schema lower-cases it like alert statuses. */
export const alertGroupEventSchema = webhookEnvelopeSchema.extend({
  event: z.literal('alertGroup'),
  alertGroup: z.looseObject({
    id: identifierSchema,
    url: z.string().optional(),
    status: alertStatusSchema,
    createdAt: epochSecondsSchema,
    closedAt: epochSecondsSchema.nullable().optional(),
  }),
  alertGroupSetting: z
    .looseObject({
      id: z.string().optional(),
      url: z.string().optional(),
      name: z.string().optional(),
      memo: z.string().optional(),
    })
    .optional(),
});

export type AlertGroupEvent = z.infer<typeof alertGroupEventSchema>;
