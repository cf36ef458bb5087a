import type { importUsageCsv } from '../shared/cdn/watch/import-usage';

type ImportResult = Awaited<ReturnType<typeof importUsageCsv>>;

/** What `msp-ops cdn import` and `npm run cdn:import` print: the hours stored and each JST month's total. */
export function importSummaryLines(contractId: string, result: ImportResult): string[] {
  const { unit } = result.commit;
  return [
    `Imported ${result.hours} hours into cdnContracts/${contractId}/hours (${result.firstHour} .. ${result.lastHour}).`,
    `JST month totals over every stored hour, commit ${result.commit.amount} ${unit}:`,
    ...result.months.map(
      (m) =>
        `  ${m.month}  ${m.amount} ${unit}  ${m.percent}% of the commit  ${m.hoursStored}/${m.hoursInMonth} hours`,
    ),
  ];
}
