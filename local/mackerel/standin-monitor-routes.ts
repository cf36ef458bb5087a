import type { IncomingMessage } from 'node:http';
import type { ApiDowntime } from '../../shared/mackerel/api/downtime-schema';
import { DOWNTIME_DEFAULTS, downtimeSpecSchema } from '../../shared/mackerel/api/downtime-spec';
import type { ApiMonitor } from '../../shared/mackerel/api/monitor-schema';
import { MONITOR_DEFAULTS, monitorSpecSchema } from '../../shared/mackerel/api/monitor-spec';
import { type Answer, failure, ok, type Parsed, parseBody, readJson } from './standin-answer';
import type { IdStore } from './standin-monitors';
import type { StandinOrg } from './standin-org';

const NO_WRITE_PERMISSION = 'This API key does not have write permission';
const WRITE_METHODS: ReadonlySet<string | undefined> = new Set(['POST', 'PUT', 'DELETE']);

/** One kind of object the API lists, creates, replaces and deletes by id; monitors and downtimes share the routes. */
interface ObjectKind<T extends { id: string }> {
  /** `monitors`: the list's key. */
  plural: string;
  /** `monitor`: the key a single GET answers under; absent where the API has no such GET (downtimes). */
  single?: string;
  notFound: string;
  store(org: StandinOrg): IdStore<T>;
  /** What is stored for a valid body (the server's defaults filled in), or the 400; `existing` on a PUT. */
  accept(org: StandinOrg, body: unknown, id: string, existing: T | undefined): Parsed<T>;
}

const refused = (message: string): Parsed<never> => ({ ok: false, answer: failure(400, message) });

/** A client may send back an object it read, id included; the path says which one it is. */
function withoutId(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { id: _id, ...rest } = body as Record<string, unknown>;
  return rest;
}

const monitors: ObjectKind<ApiMonitor> = {
  plural: 'monitors',
  single: 'monitor',
  notFound: 'Monitor not found',
  store: (org) => org.monitors,
  accept(_org, body, id, existing) {
    const spec = parseBody(monitorSpecSchema, withoutId(body));
    if (!spec.ok) return spec;
    if (existing !== undefined && existing.type !== spec.value.type) {
      return refused(`invalid input at type: a ${existing.type} monitor cannot become ${spec.value.type}`);
    }
    return { ok: true, value: { id, ...MONITOR_DEFAULTS[spec.value.type], ...spec.value } };
  },
};

const downtimes: ObjectKind<ApiDowntime> = {
  plural: 'downtimes',
  notFound: 'Downtime not found',
  store: (org) => org.downtimes,
  accept(org, body, id) {
    const spec = parseBody(downtimeSpecSchema, withoutId(body));
    if (!spec.ok) return spec;
    // Monitor scopes are ids, and only this org's monitors can be silenced by its downtimes.
    for (const key of ['monitorScopes', 'monitorExcludeScopes'] as const) {
      const unknown = spec.value[key]?.find((monitorId) => !org.monitors.has(monitorId));
      if (unknown !== undefined)
        return refused(`invalid input at ${key}: no monitor ${unknown} in this organization`);
    }
    return { ok: true, value: { id, ...DOWNTIME_DEFAULTS, ...spec.value } };
  },
};

/** `/api/v0/monitors[/<id>]` and `/api/v0/downtimes[/<id>]`; undefined for any other path. */
export async function answerMonitorRoutes(
  org: StandinOrg,
  req: IncomingMessage,
  url: URL,
): Promise<Answer | undefined> {
  const match = /^\/api\/v0\/(monitors|downtimes)(?:\/([^/]+))?$/.exec(url.pathname);
  if (match === null) return undefined;
  const id = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
  return match[1] === 'monitors' ? answerKind(monitors, org, req, id) : answerKind(downtimes, org, req, id);
}

async function answerKind<T extends { id: string }>(
  kind: ObjectKind<T>,
  org: StandinOrg,
  req: IncomingMessage,
  id: string | undefined,
): Promise<Answer> {
  const store = kind.store(org);
  if (WRITE_METHODS.has(req.method) && org.readOnly) return failure(403, NO_WRITE_PERMISSION);
  if (id === undefined) {
    if (req.method === 'GET') return ok({ [kind.plural]: store.list() });
    if (req.method === 'POST') return save(kind, org, req, store.newId(), undefined);
    return failure(404, 'Not Found');
  }
  const single = kind.single;
  const routed = req.method === 'PUT' || req.method === 'DELETE' || (req.method === 'GET' && single);
  if (!routed) return failure(404, 'Not Found');
  const existing = store.get(id);
  if (existing === undefined) return failure(404, kind.notFound);
  if (req.method === 'PUT') return save(kind, org, req, id, existing);
  if (req.method === 'DELETE') {
    store.delete(id);
    org.monitorWrites++;
    return ok(existing);
  }
  return ok({ [single ?? kind.plural]: existing });
}

async function save<T extends { id: string }>(
  kind: ObjectKind<T>,
  org: StandinOrg,
  req: IncomingMessage,
  id: string,
  existing: T | undefined,
): Promise<Answer> {
  const body = await readJson(req);
  if (body === undefined) return failure(400, 'the body is not JSON');
  const accepted = kind.accept(org, body, id, existing);
  if (!accepted.ok) return accepted.answer;
  org.monitorWrites++;
  return ok(kind.store(org).put(accepted.value));
}
