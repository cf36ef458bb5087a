import { z } from 'zod';
import { orgNameSchema } from '../kernel/org-name';
import { defaultRouteSchema } from '../routing/route-schema';

/** People to reach about the org itself (audit findings, quota); alert mail goes by routes. */
const contactSchema = z.object({
  name: z.string().min(1),
  email: z.email(),
  /** Free text such as `primary`, `billing`, `oncall`. */
  role: z.string().min(1).optional(),
});

/** Billable hosts the contract allows: past `warn` somebody is told, past `max` it is a breach. */
const hostQuotaSchema = z
  .object({ warn: z.number().int().min(0), max: z.number().int().min(0) })
  .refine((quota) => quota.warn <= quota.max, { path: ['warn'], message: 'must not exceed max' });

/** With a prefix length, both families: the audit checks host addresses against these. */
const networkSchema = z.union([z.cidrv4(), z.cidrv6()], { error: 'expected a CIDR such as 203.0.113.0/24' });

/**
 * orgs/{name}: one Mackerel organization the MSP runs. `name` is Mackerel's orgName (the slug). Fields
 * added after the first orgs were written default, so older documents still parse.
 */
export const orgRecordSchema = z.object({
  name: orgNameSchema,
  displayName: z.string().min(1),
  enabled: z.boolean(),
  language: z.enum(['ja', 'en']),
  contacts: z.array(contactSchema).default([]),
  hostQuota: hostQuotaSchema.optional(),
  declaredNetworks: z.array(networkSchema).default([]),
  memo: z.string().default(''),
  /** Where an event goes when none of the org's routes matched; absent means nowhere (MSP routes still apply). */
  defaultRoute: defaultRouteSchema.optional(),
  createdAt: z.iso.datetime(),
});

export type OrgRecord = z.infer<typeof orgRecordSchema>;
export type OrgContact = z.infer<typeof contactSchema>;
