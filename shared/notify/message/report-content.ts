import { z } from 'zod';

/**
 * A mail that is not about Mackerel alerts (an audit finding, a daily summary, a CDN commit warning):
 * its producer writes the words in the recipient's language, the mailer only lays them out as text and
 * HTML. Kept structured (facts, tables) rather than pre-rendered so both layouts read well.
 */
export const REPORT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type ReportSeverity = (typeof REPORT_SEVERITIES)[number];

const cell = z.string().max(2000);

export const reportContentSchema = z
  .object({
    severity: z.enum(REPORT_SEVERITIES),
    /** The whole subject line, e.g. `[WARNING] acme-prod: 2 hosts over the contracted 40`. */
    subject: z.string().trim().min(1).max(300),
    /** Opening paragraph; may span lines. */
    lead: z.string().max(10_000),
    facts: z
      .array(z.object({ label: z.string().min(1).max(200), value: cell }))
      .max(100)
      .default([]),
    tables: z
      .array(
        z.object({
          caption: z.string().max(300),
          columns: z.array(z.string().max(200)).min(1).max(20),
          rows: z.array(z.array(cell)).max(2000),
        }),
      )
      .max(20)
      .default([]),
    links: z
      .array(z.object({ label: z.string().min(1).max(200), url: z.url() }))
      .max(20)
      .default([]),
    /** Closing remarks, one paragraph each (e.g. "these alerts do not cap traffic"). */
    notes: z.array(z.string().max(2000)).max(20).default([]),
  })
  .superRefine((r, ctx) => {
    r.tables.forEach((t, i) => {
      t.rows.forEach((row, j) => {
        if (row.length !== t.columns.length) {
          ctx.addIssue({
            code: 'custom',
            path: ['tables', i, 'rows', j],
            message: `row has ${row.length} cells, the table ${t.columns.length} columns`,
          });
        }
      });
    });
  });

export type ReportContent = z.infer<typeof reportContentSchema>;
export type ReportContentInput = z.input<typeof reportContentSchema>;
