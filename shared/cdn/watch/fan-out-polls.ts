import {
  dayNumberOfJstDate,
  firstDayNumberOf,
  jstDateOf,
  jstMonthOf,
  shiftJstMonth,
} from '../../kernel/time/jst-calendar';
import { TOPICS } from '../../kernel/topology';
import { type CdnPollRequestInput, cdnPollRequestSchema } from './cdn-poll-request';
import type { CdnPollContext, CdnWatchDeps } from './cdn-watch-ports';

export interface FanOutOutcome {
  kind: 'fanned-out';
  reason: 'schedule' | 'daily-digest';
  messages: number;
}

/** The per-contract messages of one scheduled request, for every enabled contract. */
function perContractMessages(
  reason: FanOutOutcome['reason'],
  contract: { id: string; graceDays: number },
  requestedAt: Date,
): CdnPollRequestInput[] {
  if (reason === 'schedule') {
    return [{ reason: 'contract', contractId: contract.id, runAt: requestedAt.toISOString() }];
  }
  const date = jstDateOf(requestedAt);
  const messages: CdnPollRequestInput[] = [{ reason: 'digest', contractId: contract.id, date }];
  // The previous month is reported once, on the morning its grace days have passed.
  const month = jstMonthOf(requestedAt);
  if (dayNumberOfJstDate(date) - firstDayNumberOf(month) === contract.graceDays) {
    messages.push({ reason: 'month-close', contractId: contract.id, month: shiftJstMonth(month, -1) });
  }
  return messages;
}

/**
 * The hourly schedule and the 09:00 digest become messages per enabled contract on cdn-polls, so each
 * contract is retried and timed out on its own. Times come from the scheduled message's publish time, so
 * a redelivered fan-out publishes the same messages again (and the same mails stay one).
 */
export async function fanOutPolls(
  deps: CdnWatchDeps,
  reason: FanOutOutcome['reason'],
  context: CdnPollContext,
): Promise<FanOutOutcome> {
  const log = deps.logger.child({ correlationId: context.correlationId });
  const { contracts, unreadable } = await deps.contracts.listEnabled();
  for (const contract of unreadable) {
    log.error('cdn contract unreadable, not watched', { contractId: contract.id, problem: contract.problem });
  }
  const messages = contracts.flatMap((c) =>
    perContractMessages(reason, c, context.requestedAt).map((m) => cdnPollRequestSchema.parse(m)),
  );
  await Promise.all(
    messages.map((message) =>
      deps.publisher.publish(TOPICS.cdnPolls, Buffer.from(JSON.stringify(message)), {
        reason: message.reason,
        correlationId: context.correlationId,
        ...('contractId' in message ? { contractId: message.contractId } : {}),
      }),
    ),
  );
  log.info('cdn polls fanned out', { reason, contracts: contracts.length, messages: messages.length });
  return { kind: 'fanned-out', reason, messages: messages.length };
}
