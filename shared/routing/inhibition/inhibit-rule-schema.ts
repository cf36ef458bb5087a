import { z } from 'zod';
import { orgNameSchema } from '../../kernel/org-name';
import { configIdSchema, routeMatchSchema } from '../route-schema';

/** Facts a source and a target alert must share for a rule to apply between them. */
export const INHIBIT_EQUAL_FIELDS = ['org', 'host', 'service'] as const;
export type InhibitEqualField = (typeof INHIBIT_EQUAL_FIELDS)[number];

/**
 * orgs/{org}/inhibitRules/{id}, Alertmanager's `inhibit_rules`: while an open alert matching `source` stands, open
 * alerts matching `target` that share every `equal` fact with it are recorded but not notified. Matchers
 * are the routes' (strict, so a misspelt one is refused rather than widening the rule).
 */
export const inhibitRuleSchema = z.strictObject({
  id: configIdSchema,
  name: z.string().min(1),
  source: routeMatchSchema,
  target: routeMatchSchema,
  /** Without `org` a source inhibits targets in other orgs too: almost never meant, so the default has it. */
  equal: z
    .array(z.enum(INHIBIT_EQUAL_FIELDS))
    .min(1)
    .default(['org', 'host'])
    .refine((fields) => new Set(fields).size === fields.length, 'list each field once'),
  enabled: z.boolean().default(true),
});

export type InhibitRule = z.infer<typeof inhibitRuleSchema>;
export type InhibitRuleInput = z.input<typeof inhibitRuleSchema>;

/** inhibitRules/{id}: an MSP-wide rule, for every org or only the orgs listed (as mspRoutes). */
export const mspInhibitRuleSchema = inhibitRuleSchema.extend({
  orgs: z.array(orgNameSchema).min(1).optional(),
});

export type MspInhibitRule = z.infer<typeof mspInhibitRuleSchema>;
export type MspInhibitRuleInput = z.input<typeof mspInhibitRuleSchema>;
