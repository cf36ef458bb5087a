import { z } from 'zod';
import { probeDefinitionSchema } from './probe-definition';
import { probeSettingsSchema } from './probe-settings';

/** Probes per org: 20 per host group is typical; the cap keeps the document and a round bounded. */
export const MAX_PROBES_PER_ORG = 200;

/**
 * probeDefinitions/{org}: the org's probes and settings in one document, so a round reads the org's
 * whole configuration in one read (a minute's round over 1,000 orgs is 1,000 reads, not 20,000).
 */
export const orgProbesSchema = z.strictObject({
  probes: z
    .array(probeDefinitionSchema)
    .max(MAX_PROBES_PER_ORG)
    .superRefine((probes, ctx) => {
      const seen = new Map<string, number>();
      probes.forEach((probe, index) => {
        const first = seen.get(probe.id);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'id'],
            message: `probe id ${probe.id} is already used by probe ${first}: ids name the metrics`,
          });
        } else seen.set(probe.id, index);
      });
    }),
  settings: probeSettingsSchema.default({ allowRanges: [] }),
});

export type OrgProbes = z.infer<typeof orgProbesSchema>;
/** As written in a file or by the CLI, before defaults. */
export type OrgProbesInput = z.input<typeof orgProbesSchema>;

export const hasEnabledProbes = (probes: OrgProbes): boolean => probes.probes.some((p) => p.enabled);
