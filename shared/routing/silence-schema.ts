import { z } from 'zod';
import { ALL_ORGS, orgNameSchema } from '../kernel/org-name';
import { configIdSchema, routeMatchSchema } from './route-schema';

/**
 * silences/{id}: mutes what its matchers (the same matchers as a route) select, from startsAt until
 * endsAt. Times accept an offset (`+09:00`, as operators in Tokyo write them) and are compared as
 * instants, never as text.
 */
export const silenceSchema = z
  .strictObject({
    id: configIdSchema,
    org: z.union([orgNameSchema, z.literal(ALL_ORGS)]),
    matchers: routeMatchSchema,
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    createdBy: z.string().min(1),
    comment: z.string().min(1),
  })
  // Zod runs this even when a time failed its own check; that time is reported already, so pass here.
  .refine((silence) => !(Date.parse(silence.endsAt) <= Date.parse(silence.startsAt)), {
    path: ['endsAt'],
    message: 'must be after startsAt',
  })
  // Alertmanager's rule too: a silence must select something. For one org the org is that selection;
  // for every org an empty matcher set would mute the whole MSP.
  .refine(
    (silence) =>
      silence.org !== ALL_ORGS || Object.values(silence.matchers).some((value) => value !== undefined),
    { path: ['matchers'], message: `a silence for every org (${ALL_ORGS}) needs at least one matcher` },
  );

export type Silence = z.infer<typeof silenceSchema>;
export type SilenceInput = z.input<typeof silenceSchema>;
