import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { MAX_ALERTS_PER_PAGE } from '../../shared/mackerel/api/alert-schema';
import { hostMetricValuesSchema } from '../../shared/mackerel/api/host-metric-schema';
import { serviceMetricValuesSchema } from '../../shared/mackerel/api/service-metric-schema';
import { type Answer, failure, ok, parseBody, readJson, SUCCESS } from './standin-answer';
import { answerMonitorRoutes } from './standin-monitor-routes';
import type { StandinOrg } from './standin-org';

const alertQuerySchema = z.object({
  withClosed: z.string().optional(),
  limit: z.string().regex(/^\d+$/).transform(Number).pipe(z.int().min(1).max(MAX_ALERTS_PER_PAGE)).optional(),
  nextId: z.string().min(1).optional(),
});

/** The REST API routes, for the org the key selected. */
export async function answerApi(org: StandinOrg, req: IncomingMessage, url: URL): Promise<Answer> {
  const path = url.pathname;
  const query = url.searchParams;
  const objects = await answerMonitorRoutes(org, req, url);
  if (objects !== undefined) return objects;
  if (req.method === 'GET') {
    if (path === '/api/v0/org') return ok({ name: org.name, displayName: org.displayName });
    if (path === '/api/v0/hosts' || path === '/api/v0/hosts.json') {
      return ok({
        hosts: org.listHosts({
          statuses: query.getAll('status'),
          service: query.get('service') ?? undefined,
          roles: query.getAll('role'),
          name: query.get('name') ?? undefined,
          customIdentifier: query.get('customIdentifier') ?? undefined,
        }),
      });
    }
    const hostId = /^\/api\/v0\/hosts\/([^/]+)$/.exec(path)?.[1];
    if (hostId !== undefined) {
      const host = org.getHost(decodeURIComponent(hostId));
      return host === undefined ? failure(404, 'Host not found') : ok({ host });
    }
    if (path === '/api/v0/alerts') return alerts(org, query);
    if (path === '/api/v0/channels') return ok({ channels: org.listChannels() });
  }
  if (req.method === 'POST' && path === '/api/v0/tsdb') return postHostMetrics(org, await readJson(req));
  const service = /^\/api\/v0\/services\/([^/]+)\/tsdb$/.exec(path)?.[1];
  if (req.method === 'POST' && service !== undefined) {
    const values = parseBody(serviceMetricValuesSchema, await readJson(req));
    if (!values.ok) return values.answer;
    const name = decodeURIComponent(service);
    org.metrics.push(...values.value.map((value) => ({ service: name, ...value })));
    return SUCCESS;
  }
  return failure(404, 'Not Found');
}

/** Every point must name a host of this org (retired ones included, as their ids stay valid). */
function postHostMetrics(org: StandinOrg, body: unknown): Answer {
  const values = parseBody(hostMetricValuesSchema, body);
  if (!values.ok) return values.answer;
  const stranger = values.value.find((v) => org.getHost(v.hostId) === undefined);
  if (stranger !== undefined)
    return failure(400, `host ${stranger.hostId} is not a host of this organization`);
  org.hostMetrics.push(...values.value);
  return SUCCESS;
}

function alerts(org: StandinOrg, query: URLSearchParams): Answer {
  const parsed = alertQuerySchema.safeParse(Object.fromEntries(query));
  if (!parsed.success) return failure(400, `limit must be an integer from 1 to ${MAX_ALERTS_PER_PAGE}`);
  const page = org.listAlerts({
    withClosed: parsed.data.withClosed === 'true',
    limit: parsed.data.limit ?? MAX_ALERTS_PER_PAGE,
    nextId: parsed.data.nextId,
  });
  return 'unknownNextId' in page ? failure(400, 'nextId is not an alert of this organization') : ok(page);
}
