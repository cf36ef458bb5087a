import { z } from 'zod';
import { orgNameSchema } from '../../kernel/org-name';
import { HOST_STATUSES } from '../../mackerel/api/host-schema';
import { globSchema } from '../../routing/glob';

export const HOST_FILTER_STATUSES = [...HOST_STATUSES, 'retired'] as const;

export const hostFiltersSchema = z.strictObject({
  /** Glob with * ? (anchored) or case-insensitive substring of the host name. */
  q: z
    .string()
    .max(200)
    .refine((p) => !/[*?\\]/.test(p) || globSchema.safeParse(p).success, { message: 'not a valid glob' })
    .optional(),
  org: orgNameSchema.optional(),
  status: z.enum(HOST_FILTER_STATUSES).optional(),
});
export type HostFilters = z.infer<typeof hostFiltersSchema>;

/** Rows shown at most: a search matching every host of 1,000 orgs is narrowed, not rendered whole. */
export const HOST_ROWS_SHOWN = 200;
