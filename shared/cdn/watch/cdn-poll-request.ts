import { z } from 'zod';
import { jstDateSchema, jstMonthSchema } from '../../kernel/time/jst-calendar';
import { cdnContractSchema } from '../model/contract-schema';

const contractIdSchema = cdnContractSchema.shape.id;
const isoTime = z.iso.datetime({ offset: true });

/**
 * What arrives on `cdn-polls`: the hourly schedule and the 09:00 JST digest (each fans out one message per
 * enabled contract, so every contract gets its own retries and time limit), and the per-contract work.
 * Times a per-contract message leaves out default to the publish time of the message, which a redelivery
 * keeps: a redelivered run decides the same things.
 */
export const cdnPollRequestSchema = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('schedule') }),
  z.object({
    reason: z.literal('contract'),
    contractId: contractIdSchema,
    /** The run's data time: assessment, alert order and notification ids all follow from it. */
    runAt: isoTime.optional(),
  }),
  z.object({ reason: z.literal('daily-digest') }),
  z.object({ reason: z.literal('digest'), contractId: contractIdSchema, date: jstDateSchema.optional() }),
  /** The previous JST month's final figures, once its contract's grace days have passed. */
  z.object({ reason: z.literal('month-close'), contractId: contractIdSchema, month: jstMonthSchema }),
]);

export type CdnPollRequest = z.infer<typeof cdnPollRequestSchema>;
export type CdnPollRequestInput = z.input<typeof cdnPollRequestSchema>;
