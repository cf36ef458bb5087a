import type { Hono } from 'hono';
import { AuditPage } from '../pages/audit-page';
import { auditFiltersSchema, standingFindings } from '../views/audit-view';
import type { ConsoleDeps, ConsoleEnv } from './console-env';
import { unknownOrgFilter } from './known-org';
import { problem } from './problem-response';
import { parseQuery } from './query-params';

/** Audit: what stands across orgs, worst first, and each org's last round. */
export function registerAuditRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get('/audit', async (c) => {
    const filters = parseQuery(auditFiltersSchema, c.req.query());
    if (!filters.ok) return problem(c, 400, filters.problems);
    const [orgs, audits] = await Promise.all([deps.reads.orgs(), deps.reads.audits()]);
    const names = orgs.map((o) => o.name);
    const unknown = unknownOrgFilter(names, filters.data.org);
    if (unknown) return problem(c, 404, unknown);
    return c.html(
      <AuditPage
        ctx={c.get('ctx')}
        filters={filters.data}
        findings={standingFindings(audits, filters.data)}
        audits={audits}
        orgs={names}
      />,
    );
  });
}
