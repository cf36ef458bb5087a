/**
 * Local stand-in for Mackerel's REST API, serving many orgs at once: the X-Api-Key selects the org (an
 * unknown key gets Mackerel's 401). Objects are served in the API's own shapes from a seed (standin-seed.ts).
 *
 * API routes (as api.mackerelio.com):
 * - `GET /api/v0/org`, `/api/v0/hosts` (status, service, role, name, customIdentifier; default working and
 *   standby only, retired never), `/api/v0/hosts/<id>`, `/api/v0/alerts` (withClosed, limit <= 100, nextId;
 *   newest first), `/api/v0/channels`; `POST /api/v0/services/<service>/tsdb` and
 *   `POST /api/v0/tsdb` (host metrics; each host must be the org's), both recorded.
 * - Monitors: `GET`/`POST /api/v0/monitors`, `GET`/`PUT`/`DELETE /api/v0/monitors/<id>`. Downtimes: `GET`/`POST
 *   /api/v0/downtimes`, `PUT`/`DELETE /api/v0/downtimes/<id>`. Bodies are checked as the API does (400 naming
 *   the field, 404 for an unknown id, no type change); the server assigns ids and fills in its defaults.
 *   An org's key may be read-only: its writes answer 403.
 *
 * Control routes (local only, no key):
 * - `POST /api/standin/faults` `{"org":"demo","status":429,"count":3}`; also `delayMs`, `hang: true`.
 * - `GET /api/standin/metrics`: posted service metrics per org.
 * - `GET /api/standin/orgs/<org>/writes`: `{"writes":N}`, monitor and downtime writes that succeeded.
 * - `POST /api/standin/orgs/<org>/hosts` (a host object, added or replaced), `.../hosts/<id>/retire`,
 *   `.../hosts/<id>/status` `{"status":"poweroff"}`, `.../alerts` (an alert object, opened or replaced),
 *   `.../alerts/<id>/close` `{"reason":"..."}`, `.../channels/<id>/suspension` `{"suspended":true}`,
 *   `.../api-key` `{"apiKey":"..."}` (rotates the key: the old one then gets 401),
 *   `.../read-only` `{"readOnly":true}` (the key loses write permission).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { createLogger, type LogFields, type Logger } from '../../shared/kernel/log/logger';
import { HttpStandinServer } from '../http/http-standin-server';
import { failure, sendJson } from './standin-answer';
import { answerApi } from './standin-api-routes';
import { answerControl, type StandinControlTarget } from './standin-control-routes';
import { type FaultRequest, faultMessages, faultRequestSchema } from './standin-faults';
import { type PostedMetric, StandinOrg } from './standin-org';
import { parseStandinSeed, type StandinSeed } from './standin-seed';

export type { FaultRequest } from './standin-faults';
export type { PostedMetric, StandinOrg } from './standin-org';
export type { StandinSeed } from './standin-seed';

export interface MackerelStandinOptions {
  seed: StandinSeed;
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Added to every API answer of orgs that set no latencyMs of their own; default 0. */
  latencyMs?: number;
  logger?: Logger;
  /** Epoch seconds, for retiredAt, closedAt and suspendedAt set through the control routes. */
  now?: () => number;
}

export class MackerelStandin extends HttpStandinServer implements StandinControlTarget {
  private readonly latencyMs: number;
  /** Epoch seconds. */
  readonly now: () => number;
  private readonly orgsByName = new Map<string, StandinOrg>();
  private readonly orgsByKey = new Map<string, StandinOrg>();

  constructor(options: MackerelStandinOptions) {
    super({
      name: 'MackerelStandin',
      host: options.host,
      port: options.port,
      logger: options.logger ?? createLogger({ component: 'mackerel-standin' }),
      events: 'mackerel-standin',
      listeningMessage: 'mackerel stand-in listening',
    });
    this.latencyMs = options.latencyMs ?? 0;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    for (const seed of parseStandinSeed(options.seed, 'MackerelStandin options').orgs) {
      const org = new StandinOrg(seed);
      this.orgsByName.set(org.name, org);
      this.orgsByKey.set(org.apiKey, org);
    }
  }

  findOrg(name: string): StandinOrg | undefined {
    return this.orgsByName.get(name);
  }

  /** One org's state, for tests that change it in-process. */
  org(name: string): StandinOrg {
    const org = this.findOrg(name);
    if (org === undefined) throw new Error(`no org ${name} in the Mackerel stand-in`);
    return org;
  }

  /** The next `count` API calls of `org` fail, hang or are late; see faultRequestSchema. */
  injectFault(request: FaultRequest): void {
    const { org, count, ...fault } = faultRequestSchema.parse(request);
    this.org(org).faults.arm(fault, count);
    this.logger.info('fault armed', { event: 'mackerel-standin.fault', org, count, ...fault });
  }

  /** Service metrics posted so far, per org name, oldest first. */
  metrics(): Record<string, PostedMetric[]> {
    const posted: Record<string, PostedMetric[]> = {};
    for (const org of this.orgsByName.values()) {
      if (org.metrics.length > 0) posted[org.name] = [...org.metrics];
    }
    return posted;
  }

  /** Gives `org` a new key, so the old one answers 401 as a revoked key does. False if another org has it. */
  rotateApiKey(name: string, apiKey: string): boolean {
    const org = this.org(name);
    const holder = this.orgsByKey.get(apiKey);
    if (holder !== undefined && holder !== org) return false;
    this.orgsByKey.delete(org.apiKey);
    org.apiKey = apiKey;
    this.orgsByKey.set(apiKey, org);
    return true;
  }

  protected override listeningFields(): LogFields {
    return { orgs: this.orgsByName.size };
  }

  protected override answerError(res: ServerResponse): void {
    sendJson(res, failure(500, 'Internal Server Error'));
  }

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/v0/')) return this.handleApi(req, res, url);
    if (url.pathname.startsWith('/api/standin/')) return sendJson(res, await answerControl(this, req, url));
    sendJson(res, failure(404, 'Not Found'));
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const key = req.headers['x-api-key'];
    const org = typeof key === 'string' ? this.orgsByKey.get(key) : undefined;
    if (org === undefined) return sendJson(res, failure(401, faultMessages[401]));
    const latency = org.latencyMs ?? this.latencyMs;
    if (latency > 0) await delay(latency);
    const fault = org.faults.take();
    if (fault?.delayMs) await delay(fault.delayMs);
    // A hung call is never answered; the client's timeout or stop() ends it.
    if (fault?.hang) return;
    if (fault?.status !== undefined) return sendJson(res, failure(fault.status, faultMessages[fault.status]));
    sendJson(res, await answerApi(org, req, url));
  }
}
