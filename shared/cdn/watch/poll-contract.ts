import type { Logger } from '../../kernel/log/logger';
import { jstMonthOf } from '../../kernel/time/jst-calendar';
import { publishNotification } from '../../notify/message/publish-notification';
import { advanceCommitAlerts } from '../model/commit-alert-machine';
import type { CdnContract } from '../model/contract-schema';
import type { HourlyBucket } from '../model/hourly-bucket';
import { type UsageSource, UsageSourceError } from '../sources/usage-source';
import type { CdnPollContext, CdnWatchDeps, CdnWatchSettings } from './cdn-watch-ports';
import { commitAlertMail } from './commit-mail';
import { alertNotificationId, commitNotification } from './commit-notification';
import { storedHoursOf } from './stored-hour';
import { type FetchPlan, fetchPlan, historyRange } from './usage-window';
import { assessMonth, assessmentFields, type ContractSkip, enabledContract } from './watched-contract';

/** A run time further ahead than clock skew explains would hold back every later run's alerts. */
const FUTURE_SLACK_MS = 10 * 60_000;

export type PollOutcome =
  | { kind: 'polled'; contractId: string; fetchedHours: number; notificationIds: string[] }
  | { kind: 'skipped'; contractId: string; why: ContractSkip | 'run-in-future' };

/** Asks the source for the plan's hours; a source that refuses the long backfill still gets the trailing window. */
async function fetchUsage(source: UsageSource, plan: FetchPlan, log: Logger): Promise<HourlyBucket[]> {
  if (plan.backfill === null) return source.fetchHourly(plan.trailing);
  try {
    return await source.fetchHourly(plan.backfill);
  } catch (error) {
    // A range beyond what the provider keeps is answered as a bad request; anything else fails the run.
    if (!(error instanceof UsageSourceError) || error.kind !== 'bad-response') throw error;
    log.warn('history backfill refused by the source, fetching the trailing window only', {
      error: error.message,
    });
    return source.fetchHourly(plan.trailing);
  }
}

/** Fetches and stores a polled contract's recent hours; CSV contracts are import-only and fetch nothing. */
async function refreshHours(
  deps: CdnWatchDeps,
  contract: CdnContract,
  plan: FetchPlan,
  log: Logger,
): Promise<HourlyBucket[]> {
  if (contract.source.kind === 'csv') return [];
  let fetched: HourlyBucket[];
  try {
    fetched = await fetchUsage(deps.sourceFor(contract.source), plan, log);
  } catch (error) {
    if (error instanceof UsageSourceError) {
      log.warn('usage source failed, nothing stored; Pub/Sub redelivers', {
        sourceError: error.kind,
        status: error.status,
        error: error.message,
      });
    }
    throw error;
  }
  await deps.hours.upsert(
    contract.id,
    storedHoursOf(fetched, deps.now?.() ?? new Date(), contract.lagMinutes),
  );
  return fetched;
}

/**
 * One contract's hourly run at `runAt` (its data time): refresh the trailing window of hours from the
 * source, assess the JST month (pure, shared/cdn), advance the alert states, mail every transition to
 * finance, then store the states. Publishing before storing: a crash in between makes the redelivery
 * (same runAt) decide the same transitions with the same ids, and the mailer sends an id once. A failing
 * source throws before anything is written, for Pub/Sub to retry.
 */
export async function pollContract(
  deps: CdnWatchDeps,
  settings: CdnWatchSettings,
  request: { contractId: string; runAt?: string | undefined },
  context: CdnPollContext,
): Promise<PollOutcome> {
  const runAt = request.runAt === undefined ? context.requestedAt : new Date(request.runAt);
  const log = deps.logger.child({ contractId: request.contractId, correlationId: context.correlationId });
  const now = deps.now?.() ?? new Date();
  if (runAt.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    log.error('run time is in the future, message skipped', { runAt: runAt.toISOString() });
    return { kind: 'skipped', contractId: request.contractId, why: 'run-in-future' };
  }
  const contract = await enabledContract(deps, request.contractId, log);
  if (typeof contract === 'string') return { kind: 'skipped', contractId: request.contractId, why: contract };

  const month = jstMonthOf(runAt);
  const history = historyRange(month, runAt);
  const stored = await deps.hours.read(contract.id, history);
  const plan = fetchPlan(stored, history, runAt, settings.trailingWindowHours);
  const fetched = await refreshHours(deps, contract, plan, log);
  const assessment = assessMonth(contract, [...stored, ...fetched], month, runAt);

  const previous = await deps.alertStates.list(contract.id, month);
  const step = advanceCommitAlerts(previous, assessment.evaluation, contract.thresholds);
  const notificationIds: string[] = [];
  for (const transition of step.transitions) {
    const n = commitNotification(
      contract,
      alertNotificationId(transition),
      commitAlertMail(contract, assessment, transition),
      context.correlationId,
    );
    await publishNotification(deps.publisher, n, log);
    notificationIds.push(n.id);
  }
  await deps.alertStates.put(step.states);

  log.info('cdn contract polled', {
    runAt: runAt.toISOString(),
    source: contract.source.kind,
    fetchedHours: fetched.length,
    backfillAsked: plan.backfill !== null,
    ...assessmentFields(assessment),
    transitions: step.transitions.map((t) => `${t.kind}:${t.band}:${t.change}`),
    notificationIds,
  });
  return { kind: 'polled', contractId: contract.id, fetchedHours: fetched.length, notificationIds };
}
