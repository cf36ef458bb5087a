import { z } from 'zod';
import { orgNameSchema } from '../../kernel/org-name';

/**
 * What the scheduler publishes on repeat-sweep-requests (every org), and the router when an alert that
 * inhibited others stops doing so (`inhibition-released`: that org only, at once rather than within 5
 * minutes).
 */
export const repeatSweepRequestSchema = z.object({
  reason: z.enum(['schedule', 'manual', 'inhibition-released']),
  org: orgNameSchema.optional(),
});
export type RepeatSweepRequest = z.infer<typeof repeatSweepRequestSchema>;
