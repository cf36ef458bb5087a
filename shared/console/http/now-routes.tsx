import type { Hono } from 'hono';
import { NowAlerts, NowPage } from '../pages/now-page';
import { nowFiltersSchema, nowView } from '../views/now-view';
import type { ConsoleDeps, ConsoleEnv } from './console-env';
import { unknownOrgFilter } from './known-org';
import { problem } from './problem-response';
import { parseQuery } from './query-params';

async function loadNow(deps: ConsoleDeps, org: string | undefined) {
  const orgs = await deps.reads.orgs();
  const names = orgs.map((o) => o.name);
  const [states, digests] = await Promise.all([
    deps.reads.openAlerts(org === undefined ? names : names.filter((n) => n === org)),
    deps.reads.pendingDigests(),
  ]);
  return { orgs, names, states, digests };
}

/** Now: open alerts across every org; /now/fragment is what the page's auto-refresh swaps in. */
export function registerNowRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  for (const path of ['/now', '/now/fragment']) {
    app.get(path, async (c) => {
      const filters = parseQuery(nowFiltersSchema, c.req.query());
      if (!filters.ok) return problem(c, 400, filters.problems);
      const { orgs, names, states, digests } = await loadNow(deps, filters.data.org);
      const unknown = unknownOrgFilter(names, filters.data.org);
      if (unknown) return problem(c, 404, unknown);
      const view = nowView(states, orgs, digests, filters.data);
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
