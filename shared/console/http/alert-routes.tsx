import type { Hono } from 'hono';
import { ALERT_SUBJECT_KINDS } from '../../alerting/router/alert-state';
import { orgNameSchema } from '../../kernel/org-name';
import { AlertHistoryPage } from '../pages/alert-history-page';
import { AlertsPage } from '../pages/alerts-page';
import { alertSearchSchema, searchAlerts } from '../views/alert-search';
import type { ConsoleDeps, ConsoleEnv } from './console-env';
import { unknownOrgFilter } from './known-org';
import { problem } from './problem-response';
import { parseQuery } from './query-params';

/** Alerts: search across orgs, and one alert's history with its deliveries. */
export function registerAlertRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get('/alerts', async (c) => {
    const query = parseQuery(alertSearchSchema, c.req.query());
    if (!query.ok) return problem(c, 400, query.problems);
    const names = (await deps.reads.orgs()).map((o) => o.name);
    const { org } = query.data;
    const unknown = unknownOrgFilter(names, org);
    if (unknown) return problem(c, 404, unknown);
    const orgs = org === undefined ? names : [org];
    // Open ones only need the open-alert query; anything else reads every stored state of those orgs.
    const states =
      query.data.status === 'open' ? await deps.reads.openAlerts(orgs) : await deps.reads.alerts(orgs);
    return c.html(
      <AlertsPage
        ctx={c.get('ctx')}
        query={query.data}
        result={searchAlerts(states, query.data)}
        orgs={names}
      />,
    );
  });

  app.get('/alerts/:org/:kind/:id', async (c) => {
    const { org, kind, id } = c.req.param();
    const subjectKind = ALERT_SUBJECT_KINDS.find((k) => k === kind);
    if (!orgNameSchema.safeParse(org).success || subjectKind === undefined) {
      return problem(c, 404, [`no alert ${org}/${kind}/${id}`]);
    }
    const history = await deps.reads.alertHistory(org, subjectKind, id);
    if (history === undefined) return problem(c, 404, [`no alert ${id} in org ${org}`]);
    return c.html(<AlertHistoryPage ctx={c.get('ctx')} history={history} />);
  });
}
