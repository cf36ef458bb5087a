import type { Hono } from 'hono';
import { z } from 'zod';
import { cdnContractSchema } from '../../cdn/model/contract-schema';
import { hourlySeriesFrom } from '../../cdn/model/hourly-series';
import { historyRange } from '../../cdn/watch/usage-window';
import { assessMonth } from '../../cdn/watch/watched-contract';
import { jstMonthOf } from '../../kernel/time/jst-calendar';
import { cdnCommitChartSvg } from '../charts/cdn-commit-chart';
import { CdnPage } from '../pages/cdn-page';
import { cdnContractView } from '../views/cdn-commit-view';
import type { ConsoleDeps, ConsoleEnv } from './console-env';
import { problem } from './problem-response';
import { parseQuery } from './query-params';

const cdnFiltersSchema = z.strictObject({ contract: cdnContractSchema.shape.id.optional() });

/** CDN: each enabled contract's month as the hourly watch sees it, charted against its commit. */
export function registerCdnRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get('/cdn', async (c) => {
    const filters = parseQuery(cdnFiltersSchema, c.req.query());
    if (!filters.ok) return problem(c, 400, filters.problems);
    const now = c.get('ctx').now;
    const month = jstMonthOf(now);
    const contracts = (await deps.reads.cdnContracts()).filter(
      (contract) => filters.data.contract === undefined || contract.id === filters.data.contract,
    );
    if (filters.data.contract !== undefined && contracts.length === 0) {
      return problem(c, 404, [`no enabled CDN contract ${filters.data.contract}`]);
    }
    const panels = await Promise.all(
      contracts.map(async (contract) => {
        const range = historyRange(month, now);
        const buckets = await deps.reads.cdnHours(contract.id, range.from, range.to);
        const view = cdnContractView(
          contract,
          assessMonth(contract, buckets, month, now),
          hourlySeriesFrom(buckets),
          now,
        );
        return { view, chartSvg: cdnCommitChartSvg(view.chart) };
      }),
    );
    return c.html(<CdnPage ctx={c.get('ctx')} panels={panels} />);
  });
}
