import type { Hono } from 'hono';
import { hostCountChartSvg } from '../charts/host-count-chart';
import { HostsPage } from '../pages/hosts-page';
import { OrgHostsPage } from '../pages/org-hosts-page';
import { hostChartFrom, hostCountSeries } from '../views/host-count-series';
import { HOST_ROWS_SHOWN, hostFiltersSchema } from '../views/host-filters';
import type { ConsoleDeps, ConsoleEnv } from './console-env';
import { knownOrg, unknownOrgFilter } from './known-org';
import { problem } from './problem-response';
import { parseQuery } from './query-params';

/** Hosts: search across orgs (the audit's host index and the router's inventory) and each org's trend. */
export function registerHostRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get('/hosts', async (c) => {
    const filters = parseQuery(hostFiltersSchema, c.req.query());
    if (!filters.ok) return problem(c, 400, filters.problems);
    const [orgs, audits] = await Promise.all([deps.reads.orgs(), deps.reads.audits()]);
    const { q, org, status } = filters.data;
    const unknown = unknownOrgFilter(
      orgs.map((o) => o.name),
      org,
    );
    if (unknown) return problem(c, 404, unknown);
    const searching = q !== undefined || org !== undefined || status !== undefined;
    const search = searching
      ? await deps.reads.searchHosts({
          pattern: q ?? '',
          ...(org ? { org } : {}),
          ...(status ? { status } : {}),
          limit: HOST_ROWS_SHOWN,
        })
      : null;
    const byOrg = new Map(audits.map((a) => [a.org, a]));
    const counts = orgs.map((o) => ({ org: o, audit: byOrg.get(o.name) }));
    return c.html(<HostsPage ctx={c.get('ctx')} filters={filters.data} search={search} counts={counts} />);
  });

  app.get('/hosts/:org', async (c) => {
    const org = await knownOrg(deps.reads, c.req.param('org'));
    if (org === undefined) return problem(c, 404, [`no org ${c.req.param('org')}`]);
    const now = c.get('ctx').now;
    const [days, search] = await Promise.all([
      deps.reads.hostCountDays(org.name, hostChartFrom(now)),
      deps.reads.searchHosts({ pattern: '', org: org.name }),
    ]);
    const chartSvg = hostCountChartSvg(hostCountSeries(days, now, org.hostQuota));
    return c.html(<OrgHostsPage ctx={c.get('ctx')} org={org} chartSvg={chartSvg} hits={search.hits} />);
  });
}
