import type { Hono } from 'hono';
import { NowAlerts, NowPage } from '../pages/now-page';
import { NOW_ALERT_LIMIT, type NowFilters, nowFiltersSchema, nowView } from '../views/now-view';
import type { ConsoleDeps, ConsoleEnv } from './console-env';
import { unknownOrgFilter } from './known-org';
import { problem } from './problem-response';
import { parseQuery } from './query-params';

async function loadNow(deps: ConsoleDeps, filters: NowFilters) {
  const [orgs, listing, digests] = await Promise.all([
    deps.reads.orgs(),
    deps.reads.openAlertPage({
      ...(filters.org ? { org: filters.org } : {}),
      ...(filters.severity ? { status: filters.severity } : {}),
      limit: NOW_ALERT_LIMIT,
    }),
    deps.reads.pendingDigests(),
  ]);
  return { orgs, names: orgs.map((o) => o.name), listing, digests };
}

/** Now: open alerts across every org; /now/fragment is what the page's auto-refresh swaps in. */
export function registerNowRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  for (const path of ['/now', '/now/fragment']) {
    app.get(path, async (c) => {
      const filters = parseQuery(nowFiltersSchema, c.req.query());
      if (!filters.ok) return problem(c, 400, filters.problems);
      const { orgs, names, listing, digests } = await loadNow(deps, filters.data);
      const unknown = unknownOrgFilter(names, filters.data.org);
      if (unknown) return problem(c, 404, unknown);
      const view = nowView(listing, orgs, digests, filters.data);
      const ctx = c.get('ctx');
      return c.html(
        path === '/now' ? (
          <NowPage ctx={ctx} view={view} filters={filters.data} orgs={names} />
        ) : (
          <NowAlerts ctx={ctx} view={view} filters={filters.data} />
        ),
      );
    });
  }
}
