import type { Logger } from '../../kernel/log/logger';
import { assessCommit, type CommitAssessment } from '../model/assess-commit';
import type { CdnContract } from '../model/contract-schema';
import type { HourlyBucket } from '../model/hourly-bucket';
import { hourlySeriesFrom } from '../model/hourly-series';
import type { CdnWatchDeps } from './cdn-watch-ports';

export type ContractSkip = 'unknown-contract' | 'disabled';

/** The contract a per-contract message names, if it is still there and enabled (else logged and skipped). */
export async function enabledContract(
  deps: Pick<CdnWatchDeps, 'contracts'>,
  contractId: string,
  log: Logger,
): Promise<CdnContract | ContractSkip> {
  const contract = await deps.contracts.get(contractId);
  if (contract?.enabled) return contract;
  const why = contract === undefined ? 'unknown-contract' : 'disabled';
  log.info('contract not watched, message skipped', { why });
  return why;
}

/** One month of a contract as of `asOf`, from the hours at hand (later buckets win over earlier ones). */
export function assessMonth(
  contract: CdnContract,
  buckets: Iterable<HourlyBucket>,
  month: string,
  asOf: Date,
): CommitAssessment {
  return assessCommit({ contract, series: hourlySeriesFrom(buckets), month, now: asOf });
}

/** The figures a log line carries about an assessment. */
export function assessmentFields(assessment: CommitAssessment): Record<string, unknown> {
  const { usage, forecast, finance } = assessment;
  return {
    month: usage.month,
    mtdBytes: usage.mtdBytes,
    actualPercent: finance.actual.percent,
    p50Percent: finance.p50?.percent ?? null,
    p90Percent: finance.p90?.percent ?? null,
    overageP50Yen: finance.overageP50?.yen ?? null,
    method: forecast?.method ?? null,
    forecastHeldBack: assessment.forecastHeldBack,
    dataCompleteTo: usage.dataCompleteTo,
  };
}
