import { STATUS_CODES } from 'node:http';
import type { z } from 'zod';
import { withRetry } from '../../kernel/retry/with-retry';
import { type AlertsPage, type ApiAlert, alertsPageSchema, MAX_ALERTS_PER_PAGE } from './alert-schema';
import { type ApiChannel, channelsResponseSchema } from './channel-schema';
import { type ApiDowntime, apiDowntimeSchema, downtimesResponseSchema } from './downtime-schema';
import type { DowntimeSpec } from './downtime-spec';
import { apiErrorMessage } from './error-body';
import { firstIssue } from './first-issue';
import type { HostMetricValue } from './host-metric-schema';
import {
  type ApiHost,
  apiHostSchema,
  HOST_STATUSES,
  hostResponseSchema,
  hostsResponseSchema,
  minimalHostSchema,
} from './host-schema';
import { errorKindForStatus, MackerelApiError, type MackerelApiErrorKind } from './mackerel-api-error';
import {
  type ApiMonitor,
  apiMonitorSchema,
  monitorResponseSchema,
  monitorsResponseSchema,
} from './monitor-schema';
import type { MonitorSpec } from './monitor-spec';
import { type ApiOrg, apiOrgSchema } from './org-schema';
import { parseJson } from './parse-json';
import { postMetricsResponseSchema, type ServiceMetricValue } from './service-metric-schema';

export const MACKEREL_API_BASE_URL = 'https://api.mackerelio.com';

export interface MackerelApiRetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface MackerelApiClientOptions {
  /** The org's API key; sent as X-Api-Key and nowhere else. */
  apiKey: string;
  /** Default https://api.mackerelio.com; locally the stand-in's baseUrl. */
  baseUrl?: string;
  /** Per attempt, reading the body included. Default 30 s, as in the official client. */
  timeoutMs?: number;
  /**
   * Applied to 429, 5xx, network errors and timeouts (creates: 429 only). Default 4 attempts, 1 s base,
   * 15 s cap.
   */
  retry?: MackerelApiRetryPolicy;
  /** Pause between alert pages; default 1 s, as the official CLI does, to stay clear of rate limits. */
  alertPageDelayMs?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface ListHostsOptions {
  /** Default: all four, so maintenance and poweroff hosts (billable too) are not missed. */
  statuses?: readonly string[];
  service?: string;
  /** Role names within `service`; Mackerel ignores roles without a service, so that is refused here. */
  roles?: readonly string[];
  name?: string;
  customIdentifier?: string;
}

export interface ListAlertsOptions {
  /** Closed alerts too; default only open ones. */
  withClosed?: boolean;
  /** Alerts per page, 1..100; default 100. */
  limit?: number;
  /** Epoch seconds: only alerts opened at or after it, and paging stops once older ones appear. */
  since?: number;
  /** Stop after this many pages; default 50. */
  maxPages?: number;
}

export interface AlertList {
  /** Newest first. */
  alerts: ApiAlert[];
  /** False when maxPages stopped paging while older alerts (after `since`) remained. */
  complete: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRY: MackerelApiRetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 15_000 };
const DEFAULT_ALERT_PAGE_DELAY_MS = 1000;
const DEFAULT_MAX_ALERT_PAGES = 50;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  /** Retry a 429 only: Mackerel did not process it, whereas after a 5xx or a timeout it may have. */
  retryOnlyRateLimited?: boolean;
}

const MONITORS_PATH = '/api/v0/monitors';
const DOWNTIMES_PATH = '/api/v0/downtimes';
const objectPath = (collection: string, id: string) => `${collection}/${encodeURIComponent(id)}`;

/**
 * Mackerel's REST API for one org, over the global fetch. Every answer is checked against its schema;
 * every failure is a MackerelApiError. The key lives in a private field so that inspecting or serialising
 * the client does not show it, and is scrubbed from any text an error quotes.
 */
export class MackerelApiClient {
  readonly #apiKey: string;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retry: MackerelApiRetryPolicy;
  private readonly alertPageDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: MackerelApiClientOptions) {
    this.#apiKey = options.apiKey;
    this.baseUrl = options.baseUrl ?? MACKEREL_API_BASE_URL;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.alertPageDelayMs = options.alertPageDelayMs ?? DEFAULT_ALERT_PAGE_DELAY_MS;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  /** The cheapest call: proves the key works and says which org it belongs to. */
  getOrg(): Promise<ApiOrg> {
    return this.call({ method: 'GET', path: '/api/v0/org' }, apiOrgSchema);
  }

  async listHosts(options: ListHostsOptions = {}): Promise<ApiHost[]> {
    if (options.roles?.length && options.service === undefined) {
      throw new RangeError('listHosts: roles need a service');
    }
    const query = new URLSearchParams();
    for (const status of options.statuses ?? HOST_STATUSES) query.append('status', status);
    if (options.service !== undefined) query.set('service', options.service);
    for (const role of options.roles ?? []) query.append('role', role);
    if (options.name !== undefined) query.set('name', options.name);
    if (options.customIdentifier !== undefined) query.set('customIdentifier', options.customIdentifier);
    const body = await this.call({ method: 'GET', path: '/api/v0/hosts', query }, hostsResponseSchema);
    // A host whose other fields do not parse is kept by id, name and status: it still counts as billable
    // and is still watched; one without even an id cannot be told apart and is left out.
    return body.hosts.flatMap((raw): ApiHost[] => {
      const host = apiHostSchema.safeParse(raw);
      if (host.success) return [host.data];
      const minimal = minimalHostSchema.safeParse(raw);
      if (!minimal.success) return [];
      const { id, name, status } = minimal.data;
      return [{ id, name: name ?? id, status: status ?? 'unknown' }];
    });
  }

  /** Retired hosts too (isRetired true); an unknown id is a not-found error. */
  async getHost(id: string): Promise<ApiHost> {
    const path = `/api/v0/hosts/${encodeURIComponent(id)}`;
    const body = await this.call({ method: 'GET', path }, hostResponseSchema);
    return body.host;
  }

  async listAlerts(options: ListAlertsOptions = {}): Promise<AlertList> {
    const limit = options.limit ?? MAX_ALERTS_PER_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ALERTS_PER_PAGE) {
      throw new RangeError(`listAlerts: limit must be 1..${MAX_ALERTS_PER_PAGE}`);
    }
    const maxPages = options.maxPages ?? DEFAULT_MAX_ALERT_PAGES;
    const alerts: ApiAlert[] = [];
    let nextId: string | undefined;
    for (let page = 1; ; page++) {
      const query = new URLSearchParams({ limit: String(limit) });
      if (options.withClosed) query.set('withClosed', 'true');
      if (nextId !== undefined) query.set('nextId', nextId);
      const body: AlertsPage = await this.call(
        { method: 'GET', path: '/api/v0/alerts', query },
        alertsPageSchema,
      );
      const { since } = options;
      const wanted = since === undefined ? body.alerts : body.alerts.filter((a) => a.openedAt >= since);
      alerts.push(...wanted);
      nextId = body.nextId;
      // Pages are newest first: once one reaches past `since`, every later page is older still.
      if (nextId === undefined || wanted.length < body.alerts.length) return { alerts, complete: true };
      if (page >= maxPages) return { alerts, complete: false };
      await this.sleep(this.alertPageDelayMs);
    }
  }

  async listMonitors(): Promise<ApiMonitor[]> {
    const body = await this.call({ method: 'GET', path: '/api/v0/monitors' }, monitorsResponseSchema);
    return body.monitors;
  }

  /** An unknown id is a not-found error. */
  async getMonitor(id: string): Promise<ApiMonitor> {
    const path = objectPath(MONITORS_PATH, id);
    const body = await this.call({ method: 'GET', path }, monitorResponseSchema);
    return body.monitor;
  }

  /** The created monitor, with its new id. Not retried after a 5xx or timeout: see `create`. */
  createMonitor(spec: MonitorSpec): Promise<ApiMonitor> {
    return this.create(MONITORS_PATH, spec, apiMonitorSchema);
  }

  /** Replaces the whole monitor: a key the spec leaves out returns to Mackerel's default. */
  updateMonitor(id: string, spec: MonitorSpec): Promise<ApiMonitor> {
    return this.call({ method: 'PUT', path: objectPath(MONITORS_PATH, id), body: spec }, apiMonitorSchema);
  }

  /** The monitor as it was. */
  deleteMonitor(id: string): Promise<ApiMonitor> {
    return this.call({ method: 'DELETE', path: objectPath(MONITORS_PATH, id) }, apiMonitorSchema);
  }

  async listDowntimes(): Promise<ApiDowntime[]> {
    const body = await this.call({ method: 'GET', path: DOWNTIMES_PATH }, downtimesResponseSchema);
    return body.downtimes;
  }

  /** The created downtime, with its new id. Not retried after a 5xx or timeout: see `create`. */
  createDowntime(spec: DowntimeSpec): Promise<ApiDowntime> {
    return this.create(DOWNTIMES_PATH, spec, apiDowntimeSchema);
  }

  updateDowntime(id: string, spec: DowntimeSpec): Promise<ApiDowntime> {
    return this.call({ method: 'PUT', path: objectPath(DOWNTIMES_PATH, id), body: spec }, apiDowntimeSchema);
  }

  /** The downtime as it was. */
  deleteDowntime(id: string): Promise<ApiDowntime> {
    return this.call({ method: 'DELETE', path: objectPath(DOWNTIMES_PATH, id) }, apiDowntimeSchema);
  }

  async listChannels(): Promise<ApiChannel[]> {
    const body = await this.call({ method: 'GET', path: '/api/v0/channels' }, channelsResponseSchema);
    return body.channels;
  }

  /** Host metrics, each naming its host; as with service metrics, a retried post overwrites the same points. */
  async postHostMetrics(values: readonly HostMetricValue[]): Promise<void> {
    await this.call({ method: 'POST', path: '/api/v0/tsdb', body: values }, postMetricsResponseSchema);
  }

  /** Posting the same name and time again overwrites the point, so a retried post is harmless. */
  async postServiceMetrics(service: string, values: readonly ServiceMetricValue[]): Promise<void> {
    const path = `/api/v0/services/${encodeURIComponent(service)}/tsdb`;
    await this.call({ method: 'POST', path, body: values }, postMetricsResponseSchema);
  }

  /**
   * A POST that makes an object is not idempotent: after a timeout or 5xx the object may exist, and a retry
   * would make a second one. The caller decides (e.g. by listing) whether to try again.
   */
  private create<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    return this.call({ method: 'POST', path, body, retryOnlyRateLimited: true }, schema);
  }

  private call<S extends z.ZodType>(call: Call, schema: S): Promise<z.infer<S>> {
    const retryable = (error: unknown) =>
      error instanceof MackerelApiError &&
      (call.retryOnlyRateLimited ? error.kind === 'rate-limited' : error.retryable);
    return withRetry((attempt) => this.attempt(call, schema, attempt), {
      ...this.retry,
      retryable,
      sleep: this.sleep,
      random: this.random,
    });
  }

  private async attempt<S extends z.ZodType>(call: Call, schema: S, attempt: number): Promise<z.infer<S>> {
    const what = `${call.method} ${call.path}`;
    const fail = (
      kind: MackerelApiErrorKind,
      text: string,
      extra: { status?: number; fieldPath?: string } = {},
    ) => new MackerelApiError(kind, this.scrub(`${what} ${text}`), { ...extra, attempts: attempt });

    const url = new URL(call.path, this.baseUrl);
    if (call.query) url.search = call.query.toString();
    let status: number;
    let statusText: string;
    let text: string;
    try {
      const response = await fetch(url, {
        method: call.method,
        headers: {
          'X-Api-Key': this.#apiKey,
          Accept: 'application/json',
          ...(call.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        // A followed redirect would carry X-Api-Key to wherever it points.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      statusText = response.statusText;
      text = await response.text();
    } catch (error) {
      throw fail('unavailable', describeFetchFailure(error, this.timeoutMs));
    }

    if (status < 200 || status > 299) {
      const message = apiErrorMessage(text) ?? (statusText || STATUS_CODES[status] || 'no message');
      throw fail(errorKindForStatus(status), `answered ${status}: ${message}`, { status });
    }
    const json = parseJson(text);
    if (json === undefined)
      throw fail('bad-response', `answered ${status} with a body that is not JSON`, { status });
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error);
      throw fail('bad-response', `answered an unexpected shape at ${issue.path}: ${issue.message}`, {
        status,
        fieldPath: issue.path,
      });
    }
    return parsed.data;
  }

  /** Belt and braces: a server (or proxy) echoing the key in an error body must not put it in our errors. */
  private scrub(text: string): string {
    return this.#apiKey.length === 0 ? text : text.split(this.#apiKey).join('[redacted]');
  }
}

/** Why fetch gave no answer: our deadline, or the network error code (ECONNREFUSED, ECONNRESET...). */
function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : cause.message;
    return `failed: ${code}`;
  }
  return `failed: ${error instanceof Error ? error.message : String(error)}`;
}
