/**
 * Local stand-in for the CDN traffic APIs the usage poller reads, on one port:
 *
 * - `GET /stats/service/{id}?from=&to=&by=hour` (header `Fastly-Key`): Fastly's Historical Stats API.
 * - `POST /client/v4/graphql` (`Authorization: Bearer`): Cloudflare's GraphQL Analytics API,
 *   `httpRequests1hGroups` only, with its 300 queries / 5 minutes budget.
 * - `GET /cdnext/v1/sites/{id}/traffic?from=&to=` (`X-Api-Key`): a plausible J-Stream CDNext API, documented
 *   in jstream-traffic-answer.ts.
 * - `POST /api/traffic` `{"key":"svc-1","hours":[{"hourStartUtc":"2025-04-01T00:00:00Z","bytes":1000}]}`:
 *   that service/zone/site then serves exactly these hours; other keys serve seeded diurnal traffic.
 *   `DELETE /api/traffic` goes back to seeded traffic for all.
 * - `POST /api/faults` `{"status":429,"count":2,"delayMs":500}`: the next provider requests (after auth)
 *   wait `delayMs`, then answer `status` (without status: answer normally, late).
 * - `GET /api/requests`: every provider request so far, `{provider, status}`, oldest first.
 *
 * Only hours that have ended are reported (J-Stream: five-minute points that have ended).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { hourlyBucketSchema } from '../../shared/cdn/model/hourly-bucket';
import { createLogger, type Logger } from '../../shared/kernel/log/logger';
import { HttpStandinServer } from '../http/http-standin-server';
import { readRequestBody } from '../http/read-request-body';
import { cloudflareGraphqlAnswer, QueryBudget } from './cloudflare-graphql-answer';
import { fastlyStatsAnswer } from './fastly-stats-answer';
import { jstreamTrafficAnswer } from './jstream-traffic-answer';
import type { StandinAnswer, StandinProvider } from './standin-answer';
import { providerRoute, standinProviders } from './standin-providers';
import { TrafficBook } from './traffic-book';

export type { StandinProvider } from './standin-answer';

const MAX_BODY_BYTES = 1024 * 1024;

export const DEFAULT_STANDIN_TOKENS: Record<StandinProvider, string> = {
  fastly: 'fastly-local-token',
  cloudflare: 'cloudflare-local-token',
  jstream: 'jstream-local-token',
};

const faultSchema = z
  .object({
    status: z.literal([429, 500, 502, 503]).optional(),
    count: z.int().min(1).max(10_000),
    delayMs: z.int().min(0).max(120_000).default(0),
  })
  .refine((f) => f.status !== undefined || f.delayMs > 0, 'give a status, a delayMs, or both');
export type CdnFault = z.input<typeof faultSchema>;
type ArmedFault = z.infer<typeof faultSchema>;

const trafficSchema = z.object({ key: z.string().min(1), hours: z.array(hourlyBucketSchema) });

export interface CdnStandinOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Fixes the seeded traffic; the same seed serves the same bytes. */
  seed?: string;
  tokens?: Partial<Record<StandinProvider, string>>;
  /** The stand-in's clock (epoch ms), deciding which periods have ended. */
  now?: () => number;
  cloudflareBudget?: { queries: number; windowMs: number };
  logger?: Logger;
}

export interface RecordedRequest {
  provider: StandinProvider;
  status: number;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (status === 429) headers['Retry-After'] = '1';
  res.writeHead(status, headers).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const read = await readRequestBody(req, MAX_BODY_BYTES);
  if (read.kind !== 'ok') return undefined;
  try {
    return JSON.parse(read.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export class CdnStandin extends HttpStandinServer {
  private readonly tokens: Record<StandinProvider, string>;
  private readonly now: () => number;
  private readonly book: TrafficBook;
  private readonly budget: QueryBudget;
  private readonly faults: ArmedFault[] = [];
  private readonly recorded: RecordedRequest[] = [];

  constructor(options: CdnStandinOptions) {
    super({
      name: 'CdnStandin',
      host: options.host,
      port: options.port,
      logger: options.logger ?? createLogger({ component: 'cdn-standin' }),
      events: 'cdn-standin',
      listeningMessage: 'cdn stand-in listening',
    });
    this.tokens = { ...DEFAULT_STANDIN_TOKENS, ...options.tokens };
    this.now = options.now ?? Date.now;
    this.book = new TrafficBook(options.seed ?? 'local');
    const budget = options.cloudflareBudget ?? { queries: 300, windowMs: 5 * 60_000 };
    this.budget = new QueryBudget(budget.queries, budget.windowMs);
  }

  /** The key (service id, zone tag, site id) serves exactly these hours from now on. */
  setTraffic(key: string, hours: z.input<typeof hourlyBucketSchema>[]): void {
    const parsed = trafficSchema.parse({ key, hours });
    this.book.setTraffic(parsed.key, parsed.hours);
  }

  clearTraffic(): void {
    this.book.clear();
  }

  /** The next `count` provider requests wait `delayMs`, then answer `status` (or answer normally). */
  failNext(fault: CdnFault): void {
    const armed = faultSchema.parse(fault);
    this.faults.push(...Array.from({ length: armed.count }, () => armed));
  }

  /** Provider requests so far, oldest first. */
  requests(): RecordedRequest[] {
    return [...this.recorded];
  }

  protected override answerError(res: ServerResponse): void {
    sendJson(res, 500, { error: 'internal server error' });
  }

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = providerRoute(req.method, url.pathname);
    if (route !== undefined) {
      const answer = await this.providerAnswer(route.provider, route.key, req, url.searchParams);
      this.recorded.push({ provider: route.provider, status: answer.status });
      return sendJson(res, answer.status, answer.body);
    }
    switch (`${req.method} ${url.pathname}`) {
      case 'POST /api/traffic':
        return this.armTraffic(req, res);
      case 'DELETE /api/traffic':
        this.clearTraffic();
        res.writeHead(204).end();
        return;
      case 'POST /api/faults':
        return this.armFaults(req, res);
      case 'GET /api/requests':
        return sendJson(res, 200, this.recorded);
      default:
        return sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
    }
  }

  private async providerAnswer(
    provider: StandinProvider,
    key: string,
    req: IncomingMessage,
    params: URLSearchParams,
  ): Promise<StandinAnswer> {
    const rules = standinProviders[provider];
    if (!rules.authorized(req.headers, this.tokens[provider])) return rules.unauthorized;
    const fault = this.faults.shift();
    if (fault !== undefined) {
      if (fault.delayMs > 0) await sleep(fault.delayMs);
      if (fault.status !== undefined) {
        this.logger.info('answering injected fault', {
          event: 'cdn-standin.fault',
          provider,
          status: fault.status,
        });
        return rules.fault(fault.status);
      }
    }
    const nowMs = this.now();
    if (provider === 'fastly') return fastlyStatsAnswer(this.book, key, params, nowMs);
    if (provider === 'jstream') return jstreamTrafficAnswer(this.book, key, params, nowMs);
    return cloudflareGraphqlAnswer(this.book, this.budget, await readJson(req), nowMs);
  }

  private async armTraffic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = trafficSchema.safeParse(await readJson(req));
    if (!parsed.success) {
      return sendJson(res, 400, {
        error: 'expected {"key":"<id>","hours":[{"hourStartUtc":"YYYY-MM-DDTHH:00:00Z","bytes":<n>}]}',
      });
    }
    this.book.setTraffic(parsed.data.key, parsed.data.hours);
    sendJson(res, 200, { key: parsed.data.key, hours: parsed.data.hours.length });
  }

  private async armFaults(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = faultSchema.safeParse(await readJson(req));
    if (!parsed.success) {
      return sendJson(res, 400, {
        error: 'expected {"status":429|500|502|503,"count":<positive integer>,"delayMs":<ms>}',
      });
    }
    this.failNext(parsed.data);
    sendJson(res, 200, { armed: parsed.data, pending: this.faults.length });
  }
}
