/**
 * `npm run backtest [-- --series <file.csv>] [--seed <n>] [--emit-error-bands]`
 * Rolling-origin backtest of the CDN month-end forecasts and an hourly replay of the commit alerts, on a
 * seeded synthetic series (15 JST months) or on a CSV with the header `hour_start_utc,bytes`.
 * `--emit-error-bands` prints the error-band table as JSON (what shared/cdn/forecast/default-error-bands.ts holds).
 */

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { backtestReport } from '../shared/cdn/backtest/backtest-report';
import { runBacktest } from '../shared/cdn/backtest/run-backtest';
import { syntheticTraffic } from '../shared/cdn/backtest/synthetic-traffic';
import type { ErrorBandRow, ErrorBandTable } from '../shared/cdn/forecast/error-bands';
import { hourlySeriesFrom } from '../shared/cdn/model/hourly-series';
import { parseUsageCsv } from '../shared/cdn/sources/csv-usage';
import { csvMappingSchema } from '../shared/cdn/sources/usage-source-config';
import { optionsOf, runScript } from './script-main';

const argsSchema = z.object({
  series: z.string().min(1).optional(),
  seed: z.coerce.number().int().nonnegative().default(20250101),
  'first-month': z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .default('2024-12'),
  months: z.coerce.number().int().min(1).max(60).default(15),
  'emit-error-bands': z.boolean().default(false),
});

/** The table as the body of DEFAULT_ERROR_BANDS, one row a line, to 4 decimals. */
function errorBandsSource(table: ErrorBandTable): string {
  const row = (r: ErrorBandRow) =>
    `    { dayOfMonth: ${r.dayOfMonth}, p50: ${Number(r.p50.toFixed(4))}, p90: ${Number(r.p90.toFixed(4))}, samples: ${r.samples} },`;
  return Object.entries(table)
    .map(([method, rows]) => [`  '${method}': [`, ...rows.map(row), '  ],'].join('\n'))
    .join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      series: { type: 'string' },
      seed: { type: 'string' },
      'first-month': { type: 'string' },
      months: { type: 'string' },
      'emit-error-bands': { type: 'boolean' },
    },
  });
  const data = optionsOf(argsSchema, values);
  const buckets =
    data.series === undefined
      ? syntheticTraffic({ seed: data.seed, firstMonth: data['first-month'], months: data.months })
      : parseUsageCsv(await readFile(data.series, 'utf8'), csvMappingSchema.parse({}));
  const result = runBacktest(hourlySeriesFrom(buckets), data.seed);
  if (data['emit-error-bands']) process.stdout.write(`${errorBandsSource(result.errorBands)}\n`);
  process.stdout.write(`${backtestReport(result).join('\n')}\n`);
}

runScript(main, { name: 'backtest', code: 2 });
