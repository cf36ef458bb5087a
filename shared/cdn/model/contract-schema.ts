import { z } from 'zod';
import { recipientsShape } from '../../kernel/recipients';
import { usageSourceConfigSchema } from '../sources/usage-source-config';
import { byteUnitSchema } from './byte-unit';

/**
 * A CDN commit contract, the document `cdnContracts/{id}`. Fields added after the first release have
 * defaults, so documents written before them still parse.
 */

const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a slug: lower-case letters, digits and single hyphens')
  .max(63);

const recipientsSchema = z.object(recipientsShape);

export const alertThresholdsSchema = z.object({
  /** Also alert when the P90 forecast reaches the commit (before P50 does). */
  earlyWarning: z.boolean().default(true),
  /** Projected overage amounts in yen that each get their own alert, ascending. */
  yenBands: z
    .array(z.number().positive())
    .default([])
    .transform((bands) => [...new Set(bands)].sort((a, b) => a - b)),
  /** Consecutive runs a crossing must hold before it is announced. */
  confirmRuns: z.int().min(1).max(24).default(2),
  /** An alert clears only once the value is this many percent below its threshold (hysteresis). */
  clearMarginPercent: z.number().min(0).max(50).default(5),
});
export type AlertThresholds = z.infer<typeof alertThresholdsSchema>;

export const cdnContractSchema = z.object({
  id: slugSchema,
  displayName: z.string().trim().min(1),
  enabled: z.boolean().default(true),
  /** Who sells the CDN, for people and messages: `jstream`, `fastly`, `cloudflare`. */
  provider: slugSchema,
  source: usageSourceConfigSchema,
  /** Hours younger than this are provisional: the provider may still add to them. */
  lagMinutes: z
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  committed: z.object({ amount: z.number().positive(), unit: byteUnitSchema }),
  monthlyFeeYen: z.number().nonnegative(),
  overage: z.object({ yenPerUnit: z.number().nonnegative(), unit: byteUnitSchema }),
  financeRecipients: recipientsSchema,
  language: z.enum(['ja', 'en']).default('ja'),
  thresholds: alertThresholdsSchema.prefault({}),
  /** Days after the JST month ends before the month is frozen and reconciled with the invoice. */
  graceDays: z.int().min(0).max(31).default(5),
  memo: z.string().max(2000).default(''),
});

export type CdnContract = z.infer<typeof cdnContractSchema>;
/** What a document may hold: fields with defaults may be missing. */
export type CdnContractDocument = z.input<typeof cdnContractSchema>;
