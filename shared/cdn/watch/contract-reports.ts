import type { Logger } from '../../kernel/log/logger';
import { jstDateOf, jstMonthBounds, jstMonthOf } from '../../kernel/time/jst-calendar';
import { publishNotification } from '../../notify/message/publish-notification';
import type { ReportContent } from '../../notify/message/report-content';
import type { CdnContract } from '../model/contract-schema';
import type { CdnPollContext, CdnWatchDeps } from './cdn-watch-ports';
import { commitDigestMail, monthCloseMail } from './commit-mail';
import { commitNotification, digestNotificationId, monthCloseNotificationId } from './commit-notification';
import { historyRange } from './usage-window';
import { assessMonth, assessmentFields, type ContractSkip, enabledContract } from './watched-contract';

export type ReportOutcome =
  | { kind: 'reported'; contractId: string; notificationId: string }
  | { kind: 'skipped'; contractId: string; why: ContractSkip | 'month-not-over' };

async function publishReport(
  deps: CdnWatchDeps,
  contract: CdnContract,
  id: string,
  report: ReportContent,
  context: CdnPollContext,
  log: Logger,
): Promise<ReportOutcome> {
  await publishNotification(
    deps.publisher,
    commitNotification(contract, id, report, context.correlationId),
    log,
  );
  return { kind: 'reported', contractId: contract.id, notificationId: id };
}

const contractLog = (deps: CdnWatchDeps, contractId: string, context: CdnPollContext) =>
  deps.logger.child({ contractId, correlationId: context.correlationId });

/**
 * One contract's 09:00 JST figures, from the stored hours (the hourly poll keeps them fresh), as of the
 * request's publish time. Once per contract and JST date: the id says which.
 */
export async function mailDigest(
  deps: CdnWatchDeps,
  request: { contractId: string; date?: string | undefined },
  context: CdnPollContext,
): Promise<ReportOutcome> {
  const log = contractLog(deps, request.contractId, context);
  const contract = await enabledContract(deps, request.contractId, log);
  if (typeof contract === 'string') return { kind: 'skipped', contractId: request.contractId, why: contract };
  const asOf = context.requestedAt;
  const date = request.date ?? jstDateOf(asOf);
  const month = jstMonthOf(asOf);
  const assessment = assessMonth(
    contract,
    await deps.hours.read(contract.id, historyRange(month, asOf)),
    month,
    asOf,
  );
  log.info('cdn daily digest', { date, ...assessmentFields(assessment) });
  const id = digestNotificationId(contract.id, date);
  return publishReport(deps, contract, id, commitDigestMail(contract, assessment, date), context, log);
}

/** A closed JST month's final API figures, for finance to check against the invoice. Once per month. */
export async function mailMonthClose(
  deps: CdnWatchDeps,
  request: { contractId: string; month: string },
  context: CdnPollContext,
): Promise<ReportOutcome> {
  const log = contractLog(deps, request.contractId, context);
  const bounds = jstMonthBounds(request.month);
  if (context.requestedAt.getTime() < bounds.endUtc.getTime()) {
    log.error('month-close for a month not over yet, message skipped', { month: request.month });
    return { kind: 'skipped', contractId: request.contractId, why: 'month-not-over' };
  }
  const contract = await enabledContract(deps, request.contractId, log);
  if (typeof contract === 'string') return { kind: 'skipped', contractId: request.contractId, why: contract };
  const hours = await deps.hours.read(contract.id, { from: bounds.startUtc, to: bounds.endUtc });
  const assessment = assessMonth(contract, hours, request.month, context.requestedAt);
  log.info('cdn month closed', assessmentFields(assessment));
  const id = monthCloseNotificationId(contract.id, request.month);
  return publishReport(deps, contract, id, monthCloseMail(contract, assessment), context, log);
}
