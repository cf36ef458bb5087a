import type { Command } from 'commander';
import { z } from 'zod';
import { firestoreCdnContracts } from '../shared/cdn/adapters/firestore-cdn-contracts';
import { firestoreCdnHours } from '../shared/cdn/adapters/firestore-cdn-hours';
import type { CommitAssessment } from '../shared/cdn/model/assess-commit';
import type { VolumeFigure } from '../shared/cdn/model/commit-finance';
import { type CdnContract, cdnContractSchema } from '../shared/cdn/model/contract-schema';
import { importUsageCsv } from '../shared/cdn/watch/import-usage';
import { historyRange } from '../shared/cdn/watch/usage-window';
import { assessMonth } from '../shared/cdn/watch/watched-contract';
import { jstMonthOf } from '../shared/kernel/time/jst-calendar';
import { jstText } from '../shared/kernel/time/jst-format';
import { importSummaryLines } from './cdn-import-summary';
import type { CliSession } from './cli-session';
import { action, type Report } from './command-runner';
import { readInputFile } from './input-file';
import { textTable } from './text-table';

const contractIdSchema = cdnContractSchema.shape.id;
const yen = new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' });

interface ContractStatus {
  contract: Pick<
    CdnContract,
    'id' | 'displayName' | 'provider' | 'enabled' | 'committed' | 'overage' | 'monthlyFeeYen'
  >;
  assessment: CommitAssessment;
}

const volume = (figure: VolumeFigure | null, unit: string) =>
  figure === null ? '-' : `${figure.amount} ${unit} (${figure.percent}%)`;

/** The current JST month of each contract (enabled ones, or the one named), as the hourly watch sees it. */
async function status(session: CliSession, contractId: string | undefined): Promise<Report> {
  const db = session.firestore();
  const contracts = firestoreCdnContracts(db);
  const hours = firestoreCdnHours(db);
  let watched: CdnContract[];
  let unreadable: { id: string; problem: string }[] = [];
  if (contractId === undefined) ({ contracts: watched, unreadable } = await contracts.listEnabled());
  else {
    const contract = await contracts.get(contractId);
    if (contract === undefined) throw new Error(`no CDN contract ${contractId} (cdnContracts/${contractId})`);
    watched = [contract];
  }
  const now = session.now();
  const month = jstMonthOf(now);
  const statuses: ContractStatus[] = await Promise.all(
    watched.map(async (contract) => {
      const { id, displayName, provider, enabled, committed, overage, monthlyFeeYen } = contract;
      const buckets = await hours.read(id, historyRange(month, now));
      return {
        contract: { id, displayName, provider, enabled, committed, overage, monthlyFeeYen },
        assessment: assessMonth(contract, buckets, month, now),
      };
    }),
  );
  const rows = statuses.map(({ contract, assessment: { finance, usage, forecast, forecastHeldBack } }) => {
    const unit = contract.committed.unit;
    return [
      contract.id,
      `${contract.committed.amount} ${unit}`,
      volume(finance.actual, unit),
      volume(finance.p50, unit),
      volume(finance.p90, unit),
      finance.overageP50 ? yen.format(finance.overageP50.yen) : '-',
      finance.overageP90 ? yen.format(finance.overageP90.yen) : '-',
      jstText(usage.dataCompleteTo),
      forecastHeldBack
        ? `${forecast?.method ?? 'none'} (held back: ${forecastHeldBack})`
        : (forecast?.method ?? '-'),
    ];
  });
  const text = [
    `${month} (JST), as of ${jstText(now)}`,
    textTable(
      [
        'CONTRACT',
        'COMMIT',
        'MONTH TO DATE',
        'P50 MONTH END',
        'P90 MONTH END',
        'OVERAGE P50',
        'OVERAGE P90',
        'DATA COMPLETE TO',
        'FORECAST',
      ],
      rows,
    ),
    ...unreadable.map((u) => `unreadable cdnContracts/${u.id}: ${u.problem}`),
  ].join('\n');
  return { json: { month, asOf: now.toISOString(), contracts: statuses, unreadable }, text };
}

async function importCsv(session: CliSession, path: string, contractId: string): Promise<Report> {
  const text = await readInputFile(path);
  const db = session.firestore();
  const result = await importUsageCsv(
    { contracts: firestoreCdnContracts(db), hours: firestoreCdnHours(db), now: session.now },
    contractId,
    text,
  );
  return {
    json: { contract: contractId, ...result },
    text: importSummaryLines(contractId, result).join('\n'),
  };
}

export function registerCdnCommands(program: Command, session: CliSession): void {
  const cdn = program.command('cdn').description('CDN commit contracts: where the month stands');
  cdn
    .command('status')
    .description('month to date, P50/P90 month-end forecast and projected overage in yen, per contract')
    .option('--contract <id>', 'only this contract (also when disabled)')
    .action(
      action(session, z.object({ contract: contractIdSchema.optional() }), ({ contract }) =>
        status(session, contract),
      ),
    );
  cdn
    .command('import')
    .description(
      "import a CSV of transfer volume into a contract's hourly history (re-importing replaces hours)",
    )
    .argument('<file.csv>', "CSV in the contract's mapping, or `hour_start_utc,bytes`")
    .requiredOption('--contract <id>', 'contract id')
    .action(
      action(
        session,
        z.object({ args: z.tuple([z.string().min(1)]), contract: contractIdSchema }),
        ({ args: [path], contract }) => importCsv(session, path, contract),
      ),
    );
}
