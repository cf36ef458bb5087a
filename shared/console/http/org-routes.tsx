import type { Hono } from 'hono';
import { z } from 'zod';
import { mapLimited } from '../../kernel/map-limited';
import { parseWebhookBody } from '../../mackerel/webhook/parse-webhook';
import type { OrgRecord } from '../../orgs/org-record';
import { OrgPage } from '../pages/org-page';
import { OrgsPage } from '../pages/orgs-page';
import { channelHealthOf, type OrgOverview } from '../views/org-overview';
import type { ConsoleDeps, ConsoleEnv } from './console-env';
import { knownOrg } from './known-org';
import { problem } from './problem-response';
import { parseQuery } from './query-params';

const ORGS_IN_FLIGHT = 32;

async function overviewOf(deps: ConsoleDeps, org: OrgRecord): Promise<OrgOverview> {
  const [audit, lastEventAt, tokens] = await Promise.all([
    deps.reads.audit(org.name),
    deps.reads.lastEventAt(org.name),
    deps.reads.webhookTokens(org.name),
  ]);
  return { org, channel: channelHealthOf(audit), billable: audit?.billable ?? null, lastEventAt, tokens };
}

/** What a pasted body is, or the problems that stop it being a webhook body. */
function pastedEvent(body: string) {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false as const, problems: ['body: not JSON'] };
  }
  const parsed = parseWebhookBody(json);
  return parsed.ok
    ? { ok: true as const, event: parsed.event }
    : { ok: false as const, problems: parsed.issues.map((i) => `body.${i.path}: ${i.message}`) };
}

/** Orgs: the list, one org read-only, and its route test (a POST: the body is too big for a URL). */
export function registerOrgRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get('/orgs', async (c) => {
    const query = parseQuery(z.strictObject({}), c.req.query());
    if (!query.ok) return problem(c, 400, query.problems);
    const orgs = [...(await deps.reads.orgs())].sort((a, b) => a.name.localeCompare(b.name));
    const rows = await mapLimited(orgs, ORGS_IN_FLIGHT, (org) => overviewOf(deps, org));
    return c.html(<OrgsPage ctx={c.get('ctx')} rows={rows} />);
  });

  app.get('/orgs/:org', async (c) => {
    const org = await knownOrg(deps.reads, c.req.param('org'));
    if (org === undefined) return problem(c, 404, [`no org ${c.req.param('org')}`]);
    const [overview, routing] = await Promise.all([overviewOf(deps, org), deps.reads.routing(org.name)]);
    return c.html(<OrgPage ctx={c.get('ctx')} overview={overview} routing={routing} />);
  });

  app.post('/orgs/:org/route-test', async (c) => {
    const org = await knownOrg(deps.reads, c.req.param('org'));
    if (org === undefined) return problem(c, 404, [`no org ${c.req.param('org')}`]);
    const form = await c.req.parseBody();
    const body = typeof form.body === 'string' ? form.body : '';
    const ctx = c.get('ctx');
    const [overview, routing] = await Promise.all([overviewOf(deps, org), deps.reads.routing(org.name)]);
    const pasted = pastedEvent(body);
    const trial = pasted.ok
      ? { body, result: await deps.reads.tryRoute(org.name, pasted.event, ctx.now), problems: [] }
      : { body, result: null, problems: pasted.problems };
    c.get('log').info('console route test', { org: org.name, valid: pasted.ok });
    return c.html(
      <OrgPage ctx={ctx} overview={overview} routing={routing} trial={trial} />,
      pasted.ok ? 200 : 400,
    );
  });
}
