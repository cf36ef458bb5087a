import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { apiAlertWireSchema } from '../../shared/mackerel/api/alert-schema';
import { apiHostSchema } from '../../shared/mackerel/api/host-schema';
import { type Answer, failure, ok, parseBody, readJson, SUCCESS } from './standin-answer';
import { type FaultRequest, faultRequestSchema } from './standin-faults';
import type { PostedMetric, StandinOrg } from './standin-org';

const controlSchemas = {
  status: z.object({ status: z.string().min(1) }),
  close: z.object({ reason: z.string().default('Closed in the stand-in') }),
  suspension: z.object({ suspended: z.boolean() }),
  apiKey: z.object({ apiKey: z.string().min(1) }),
  readOnly: z.object({ readOnly: z.boolean() }),
};

/** What the control routes change: the stand-in itself. */
export interface StandinControlTarget {
  findOrg(name: string): StandinOrg | undefined;
  injectFault(request: FaultRequest): void;
  metrics(): Record<string, PostedMetric[]>;
  rotateApiKey(name: string, apiKey: string): boolean;
  now(): number;
}

/** The local-only routes under /api/standin/ that tests and demos use to change the stand-in. */
export async function answerControl(
  standin: StandinControlTarget,
  req: IncomingMessage,
  url: URL,
): Promise<Answer> {
  const path = url.pathname;
  if (req.method === 'GET') return answerRead(standin, path);
  if (req.method !== 'POST') return failure(404, 'Not Found');
  const body = await readJson(req);
  if (body === undefined) return failure(400, 'the body is not JSON');
  if (path === '/api/standin/faults') {
    const fault = parseBody(faultRequestSchema, body);
    if (!fault.ok) return fault.answer;
    if (standin.findOrg(fault.value.org) === undefined) return failure(404, `no org ${fault.value.org}`);
    standin.injectFault(fault.value);
    return SUCCESS;
  }
  const match = /^\/api\/standin\/orgs\/([^/]+)\/([a-z-]+)(?:\/([^/]+)\/([a-z]+))?$/.exec(path);
  const org = match?.[1] === undefined ? undefined : standin.findOrg(decodeURIComponent(match[1]));
  if (match === null || org === undefined) return failure(404, 'no such org or route');
  const id = match[3] === undefined ? '' : decodeURIComponent(match[3]);
  const route = match[4] ? `${match[2]}/${match[4]}` : `${match[2]}`;
  return changeOrg(standin, org, { route, id, body });
}

function answerRead(standin: StandinControlTarget, path: string): Answer {
  if (path === '/api/standin/metrics') return ok(standin.metrics());
  const name = /^\/api\/standin\/orgs\/([^/]+)\/writes$/.exec(path)?.[1];
  const org = name === undefined ? undefined : standin.findOrg(decodeURIComponent(name));
  // Monitor and downtime writes so far: a test proves a repeated push writes nothing.
  return org === undefined ? failure(404, 'no such org or route') : ok({ writes: org.monitorWrites });
}

function changeOrg(
  standin: StandinControlTarget,
  org: StandinOrg,
  { route, id, body }: { route: string; id: string; body: unknown },
): Answer {
  const done = (changed: boolean): Answer => (changed ? SUCCESS : failure(404, `no ${route} target ${id}`));
  const withBody = <S extends z.ZodType>(schema: S, apply: (value: z.infer<S>) => Answer): Answer => {
    const parsed = parseBody(schema, body);
    return parsed.ok ? apply(parsed.value) : parsed.answer;
  };
  const now = standin.now();
  switch (route) {
    case 'hosts':
      return withBody(apiHostSchema, (host) => {
        org.putHost(host);
        return ok({ host });
      });
    case 'hosts/retire':
      return done(org.retireHost(id, now));
    case 'hosts/status':
      return withBody(controlSchemas.status, ({ status }) => done(org.setHostStatus(id, status)));
    case 'alerts':
      return withBody(apiAlertWireSchema, (alert) => {
        org.putAlert(alert);
        return ok({ alert });
      });
    case 'alerts/close':
      return withBody(controlSchemas.close, ({ reason }) => done(org.closeAlert(id, reason, now)));
    case 'channels/suspension':
      return withBody(controlSchemas.suspension, ({ suspended }) =>
        done(org.setChannelSuspended(id, suspended, now)),
      );
    case 'api-key':
      return withBody(controlSchemas.apiKey, ({ apiKey }) =>
        standin.rotateApiKey(org.name, apiKey) ? SUCCESS : failure(409, 'that apiKey belongs to another org'),
      );
    case 'read-only':
      return withBody(controlSchemas.readOnly, ({ readOnly }) => {
        org.readOnly = readOnly;
        return SUCCESS;
      });
    default:
      return failure(404, `no route ${route}`);
  }
}
