import type { Hono } from 'hono';
import { ProbesPage } from '../pages/probes-page';
import { orgsToName, probeFiltersSchema, probesView } from '../views/probes-view';
import type { ConsoleDeps, ConsoleEnv } from './console-env';
import { unknownOrgFilter } from './known-org';
import { problem } from './problem-response';
import { parseQuery } from './query-params';

/** Probes: every org's definitions and last round, what fails now and which definitions need editing. */
export function registerProbeRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get('/probes', async (c) => {
    const filters = parseQuery(probeFiltersSchema, c.req.query());
    if (!filters.ok) return problem(c, 400, filters.problems);
    const { org } = filters.data;
    const [orgs, definitions, records] = await Promise.all([
      deps.reads.orgs(),
      deps.reads.probeDefinitions(),
      deps.reads.probeRounds(org === undefined ? undefined : [org]),
    ]);
    const names = orgs.map((o) => o.name);
    const unknown = unknownOrgFilter(names, org);
    if (unknown) return problem(c, 404, unknown);
    const hostNames = await deps.reads.probeHostNames(orgsToName(records));
    const ctx = c.get('ctx');
    const view = probesView({ orgs, definitions, records, hostNames }, filters.data, ctx.now);
    return c.html(<ProbesPage ctx={ctx} filters={filters.data} orgs={names} view={view} />);
  });
}
