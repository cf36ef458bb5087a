import type { CdnPollRequest } from './cdn-poll-request';
import type { CdnPollContext, CdnWatchDeps, CdnWatchSettings } from './cdn-watch-ports';
import { mailDigest, mailMonthClose, type ReportOutcome } from './contract-reports';
import { type FanOutOutcome, fanOutPolls } from './fan-out-polls';
import { type PollOutcome, pollContract } from './poll-contract';

export type CdnPollOutcome = FanOutOutcome | PollOutcome | ReportOutcome;

/** Everything that arrives on cdn-polls, by reason. Throws when Pub/Sub should redeliver. */
export function runCdnPoll(
  deps: CdnWatchDeps,
  settings: CdnWatchSettings,
  request: CdnPollRequest,
  context: CdnPollContext,
): Promise<CdnPollOutcome> {
  switch (request.reason) {
    case 'schedule':
    case 'daily-digest':
      return fanOutPolls(deps, request.reason, context);
    case 'contract':
      return pollContract(deps, settings, request, context);
    case 'digest':
      return mailDigest(deps, request, context);
    case 'month-close':
      return mailMonthClose(deps, request, context);
  }
}
