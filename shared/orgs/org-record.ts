import { z } from 'zod';

/** orgs/{name}: one Mackerel organization the MSP runs. `name` is Mackerel's orgName (the slug). */
export const orgRecordSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'expected a Mackerel org name (slug)'),
  displayName: z.string().min(1),
  enabled: z.boolean(),
  language: z.enum(['ja', 'en']),
  createdAt: z.iso.datetime(),
});

export type OrgRecord = z.infer<typeof orgRecordSchema>;
