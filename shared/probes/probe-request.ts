import { z } from 'zod';
import { orgNameSchema } from '../kernel/org-name';

const roundAt = z.iso.datetime({ offset: true });

/**
 * What arrives on `probe-requests`: the one-minute schedule (fan out to every org with probes), one org's
 * round (which runs its first chunk and fans out the rest), or one further chunk of an org's targets.
 */
export const probeRequestSchema = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('schedule') }),
  z.object({ reason: z.literal('org'), org: orgNameSchema, roundAt }),
  z.object({
    reason: z.literal('chunk'),
    org: orgNameSchema,
    roundAt,
    chunk: z.int().min(1),
    chunks: z.int().min(2),
  }),
]);
export type ProbeRequest = z.infer<typeof probeRequestSchema>;
