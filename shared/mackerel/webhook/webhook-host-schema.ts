import { z } from 'zod';
import { identifierSchema } from './webhook-fields';

/** Webhook roles are objects ("Service: Role", note the space), unlike the REST API's service -> names map. */
export const webhookRoleSchema = z.looseObject({
  fullname: z.string(),
  serviceName: z.string(),
  roleName: z.string(),
  serviceUrl: z.string().optional(),
  roleUrl: z.string().optional(),
});

/** `status` is kept as text (working|standby|maintenance|poweroff today) so a new status is not a rejection. */
export const webhookHostSchema = z.looseObject({
  id: identifierSchema,
  name: z.string(),
  url: z.string().optional(),
  status: z.string(),
  memo: z.string().optional(),
  isRetired: z.boolean().optional(),
  roles: z.array(webhookRoleSchema),
});

export type WebhookHost = z.infer<typeof webhookHostSchema>;
