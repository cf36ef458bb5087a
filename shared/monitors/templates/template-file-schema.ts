import { z } from 'zod';

/**
 * The template folder ("monitors as code"): per org, the Mackerel monitors and downtimes it should have.
 *
 *   monitors/
 *     sets/<set>.yaml   one set of templates
 *     orgs/<org>.yaml   one org's labels, parameters and opt-outs; optional: an org without a file gets
 *                       the sets without labels, with default parameters
 *   (*.md and hidden files are ignored; any other file is an error, so a misplaced set is not lost)
 *
 * Set file:
 *   set: baseline                 # equals the file name without .yaml; our memo marker names it
 *   description: every org gets it
 *   labels: []                    # the org must carry all of these; absent or []: every org
 *   params:                       # defaults, overridden by an org file; the default fixes the type
 *     cpu_warning: 80             #   (number, string, boolean or list of strings)
 *   monitors:                     # monitorSpecSchema's fields, with placeholders
 *     - type: host
 *       name: CPU usage
 *       warning: "{{ params.cpu_warning }}"   # a whole-value placeholder keeps the parameter's type
 *       memo: "Runbook for {{ org.name }}"    # inside text: interpolated (scalars only)
 *   downtimes:                    # downtimeSpecSchema's fields, except: start (and recurrence.until) is an
 *     - name: Sunday maintenance  #   ISO date-time with offset or epoch seconds; monitorScopes and
 *       start: 2026-01-04T03:00:00+09:00   # monitorExcludeScopes name monitors, not ids
 *       duration: 60
 *       monitorScopes: [CPU usage]
 *
 * Org file: `labels: [web, db]`, `params: { cpu_warning: 90 }`, `exclude: [Disk usage]` (template
 * monitors and downtimes, by name, this org does not get), `skip: true` (the org is not managed at all).
 *
 * Placeholders: `{{ params.NAME }}`, `{{ org.name }}`, `{{ org.displayName }}` (the name when the org has
 * none). Other `{{ ... }}` text is left alone: a query monitor's legend uses it for labels.
 *
 * Entries hold placeholders, so here they are only objects with a name: each is checked against
 * monitorSpecSchema / downtimeTemplateSpecSchema after rendering, per org, with the marker in its memo.
 */

/** The set name goes into the memo marker (managed-marker.ts), so it has the marker's alphabet. */
export const setNameSchema = z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, - and _');
const labelSchema = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a label of letters, digits, ., - and _');
const paramNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_]+$/, 'expected a parameter name of letters, digits and _');

export const paramValueSchema = z.union([z.number(), z.string(), z.boolean(), z.array(z.string())], {
  error: 'expected a number, a string, a boolean or a list of strings',
});
export type ParamValue = z.infer<typeof paramValueSchema>;

const paramsSchema = z.record(paramNameSchema, paramValueSchema);
export type Params = z.infer<typeof paramsSchema>;

/** Before rendering: any keys (placeholders can stand for values of any type), but a name to refer to. */
export const templateEntrySchema = z.looseObject({ name: z.string().trim().min(1) });
export type TemplateEntryValue = z.infer<typeof templateEntrySchema>;

export const setFileSchema = z.strictObject({
  set: setNameSchema,
  description: z.string().optional(),
  labels: z.array(labelSchema).default([]),
  params: paramsSchema.default({}),
  monitors: z.array(templateEntrySchema).default([]),
  downtimes: z.array(templateEntrySchema).default([]),
});
export type SetFile = z.infer<typeof setFileSchema>;

/** An empty org file reads as null: the same as no file. */
export const orgFileSchema = z.preprocess(
  (value) => value ?? {},
  z.strictObject({
    labels: z.array(labelSchema).default([]),
    params: paramsSchema.default({}),
    exclude: z.array(z.string().min(1)).default([]),
    skip: z.boolean().default(false),
  }),
);
export type OrgFile = z.infer<typeof orgFileSchema>;
