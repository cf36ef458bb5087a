import { z } from 'zod';
import { optionalField } from './optional-field';

/** `GET /api/v0/org`. `name` is the slug webhooks carry as `orgName`. */
export const apiOrgSchema = z.looseObject({
  name: z.string().min(1),
  displayName: optionalField(z.string()),
});

export type ApiOrg = z.infer<typeof apiOrgSchema>;
