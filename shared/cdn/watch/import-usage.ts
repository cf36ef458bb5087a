import { daysInJstMonth, jstMonthBounds, jstMonthOf } from '../../kernel/time/jst-calendar';
import { commitFinance } from '../model/commit-finance';
import type { CdnContract } from '../model/contract-schema';
import { parseUsageCsv } from '../sources/csv-usage';
import { csvMappingSchema } from '../sources/usage-source-config';
import type { CdnContractStore, CdnHourStore } from './cdn-watch-ports';
import { storedHoursOf } from './stored-hour';

/** The import cannot go ahead (no such contract, nothing to import); the message says why. */
export class UsageImportError extends Error {
  override name = 'UsageImportError';
}

/** A JST month the import touched, over every hour stored for it (imported now or before). */
export interface MonthTotal {
  month: string;
  bytes: number;
  /** In the commit's unit, and as a share of the commit. */
  amount: number;
  percent: number;
  hoursStored: number;
  hoursInMonth: number;
}

export interface UsageImportResult {
  commit: CdnContract['committed'];
  hours: number;
  firstHour: string;
  lastHour: string;
  months: MonthTotal[];
}

export interface UsageImportDeps {
  contracts: Pick<CdnContractStore, 'get'>;
  hours: CdnHourStore;
  now?: () => Date;
}

/**
 * Imports a CSV of transfer volume (a console export, or logs rolled up) into a contract's hourly history,
 * through the same store the poller writes: the contract's CSV mapping, or the default header
 * (`hour_start_utc,bytes`) for a polled contract being back-filled. Re-importing replaces the same hours.
 * Throws CsvUsageError (naming line and column) or UsageImportError.
 */
export async function importUsageCsv(
  deps: UsageImportDeps,
  contractId: string,
  csvText: string,
): Promise<UsageImportResult> {
  const contract = await deps.contracts.get(contractId);
  if (contract === undefined)
    throw new UsageImportError(`no CDN contract ${contractId} (cdnContracts/${contractId})`);
  const mapping = contract.source.kind === 'csv' ? contract.source.mapping : csvMappingSchema.parse({});
  const buckets = parseUsageCsv(csvText, mapping);
  const first = buckets[0];
  const last = buckets.at(-1);
  if (first === undefined || last === undefined)
    throw new UsageImportError('the file has a header but no rows');
  await deps.hours.upsert(
    contract.id,
    storedHoursOf(buckets, deps.now?.() ?? new Date(), contract.lagMinutes),
  );

  const months = [...new Set(buckets.map((b) => jstMonthOf(new Date(b.hourStartUtc))))].sort();
  const totals = await Promise.all(
    months.map(async (month): Promise<MonthTotal> => {
      const bounds = jstMonthBounds(month);
      const stored = await deps.hours.read(contract.id, { from: bounds.startUtc, to: bounds.endUtc });
      const bytes = stored.reduce((sum, hour) => sum + hour.bytes, 0);
      const { actual } = commitFinance(contract, bytes, null, 0);
      return {
        month,
        bytes,
        amount: actual.amount,
        percent: actual.percent,
        hoursStored: stored.length,
        hoursInMonth: daysInJstMonth(month) * 24,
      };
    }),
  );
  return {
    commit: contract.committed,
    hours: buckets.length,
    firstHour: first.hourStartUtc,
    lastHour: last.hourStartUtc,
    months: totals,
  };
}
