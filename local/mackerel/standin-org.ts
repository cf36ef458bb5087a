import type { ApiAlertWire } from '../../shared/mackerel/api/alert-schema';
import type { ApiChannel } from '../../shared/mackerel/api/channel-schema';
import type { ApiDowntime } from '../../shared/mackerel/api/downtime-schema';
import type { HostMetricValue } from '../../shared/mackerel/api/host-metric-schema';
import type { ApiHost } from '../../shared/mackerel/api/host-schema';
import type { ApiMonitor } from '../../shared/mackerel/api/monitor-schema';
import type { ServiceMetricValue } from '../../shared/mackerel/api/service-metric-schema';
import { FaultQueue } from './standin-faults';
import { IdStore } from './standin-monitors';
import type { StandinSeedOrg } from './standin-seed';

/** `GET /api/v0/hosts` lists only these unless the caller names statuses. */
const DEFAULT_HOST_STATUSES: readonly string[] = ['working', 'standby'];

export interface HostQuery {
  /** Empty: Mackerel's default, working and standby. */
  statuses: readonly string[];
  service?: string;
  /** Ignored without a service, as Mackerel does. */
  roles: readonly string[];
  name?: string;
  customIdentifier?: string;
}

export interface AlertQuery {
  withClosed: boolean;
  limit: number;
  nextId?: string;
}

export type AlertPage = { alerts: ApiAlertWire[]; nextId?: string } | { unknownNextId: true };

export interface PostedMetric extends ServiceMetricValue {
  service: string;
}

/** One org's state in the stand-in, queried the way the REST API does. Times are epoch seconds. */
export class StandinOrg {
  readonly name: string;
  readonly displayName: string | null;
  apiKey: string;
  readonly latencyMs: number | undefined;
  readonly faults = new FaultQueue();
  readonly metrics: PostedMetric[] = [];
  /** `POST /api/v0/tsdb` points, oldest first. */
  readonly hostMetrics: HostMetricValue[] = [];
  /** A read-only key may read everything but is refused (403) every monitor and downtime write. */
  readOnly: boolean;
  /** Monitor and downtime creates, updates and deletes that succeeded: a second push should add none. */
  monitorWrites = 0;
  readonly monitors: IdStore<ApiMonitor>;
  readonly downtimes: IdStore<ApiDowntime>;
  private readonly hosts = new Map<string, ApiHost>();
  /** Newest first, as the API pages them. */
  private readonly alerts: ApiAlertWire[] = [];
  private readonly channels: ApiChannel[];

  constructor(seed: StandinSeedOrg) {
    this.name = seed.name;
    this.displayName = seed.displayName;
    this.apiKey = seed.apiKey;
    this.latencyMs = seed.latencyMs;
    this.readOnly = seed.readOnly;
    for (const host of seed.hosts) this.hosts.set(host.id, host);
    for (const alert of seed.alerts) this.putAlert(alert);
    this.monitors = new IdStore(seed.monitors);
    this.downtimes = new IdStore(seed.downtimes);
    this.channels = seed.channels;
  }

  listHosts(query: HostQuery): ApiHost[] {
    const statuses = query.statuses.length > 0 ? query.statuses : DEFAULT_HOST_STATUSES;
    const { service, name, customIdentifier } = query;
    return [...this.hosts.values()].filter((host) => {
      if (host.isRetired || !statuses.includes(host.status)) return false;
      if (name !== undefined && host.name !== name) return false;
      if (customIdentifier !== undefined && host.customIdentifier !== customIdentifier) return false;
      if (service === undefined) return true;
      const roles = host.roles?.[service];
      if (roles === undefined) return false;
      return query.roles.length === 0 || roles.some((role) => query.roles.includes(role));
    });
  }

  /** Retired hosts included, as the API does for a host id. */
  getHost(id: string): ApiHost | undefined {
    return this.hosts.get(id);
  }

  /** `nextId` names the last alert handed out; the next page starts after it, whatever was filtered. */
  listAlerts(query: AlertQuery): AlertPage {
    let start = 0;
    if (query.nextId !== undefined) {
      const at = this.alerts.findIndex((alert) => alert.id === query.nextId);
      if (at < 0) return { unknownNextId: true };
      start = at + 1;
    }
    const page: ApiAlertWire[] = [];
    for (let i = start; i < this.alerts.length; i++) {
      const alert = this.alerts[i];
      if (alert === undefined || (!query.withClosed && alert.closedAt !== undefined)) continue;
      if (page.length === query.limit) return { alerts: page, nextId: page[page.length - 1]?.id };
      page.push(alert);
    }
    return { alerts: page };
  }

  /** The API says `suspendedAt: null` for a channel that is not suspended. */
  listChannels(): Array<Omit<ApiChannel, 'suspendedAt'> & { suspendedAt: number | null }> {
    return this.channels.map((channel) => ({ ...channel, suspendedAt: channel.suspendedAt ?? null }));
  }

  /** Adds a host, or replaces the one with the same id. */
  putHost(host: ApiHost): void {
    this.hosts.set(host.id, host);
  }

  /** Retiring a host closes its open alerts, as Mackerel does. */
  retireHost(id: string, now: number): boolean {
    const host = this.hosts.get(id);
    if (host === undefined) return false;
    this.hosts.set(id, { ...host, isRetired: true, retiredAt: now });
    for (const alert of this.alerts) {
      if (alert.hostId === id && alert.closedAt === undefined) this.closeAlert(alert.id, 'Host retired', now);
    }
    return true;
  }

  setHostStatus(id: string, status: string): boolean {
    const host = this.hosts.get(id);
    if (host === undefined) return false;
    this.hosts.set(id, { ...host, status });
    return true;
  }

  /** Opens (or replaces) an alert, kept in newest-first order; the later of equal `openedAt` comes first. */
  putAlert(alert: ApiAlertWire): void {
    const existing = this.alerts.findIndex((a) => a.id === alert.id);
    if (existing >= 0) this.alerts.splice(existing, 1);
    const at = this.alerts.findIndex((a) => a.openedAt <= alert.openedAt);
    this.alerts.splice(at < 0 ? this.alerts.length : at, 0, alert);
  }

  closeAlert(id: string, reason: string, now: number): boolean {
    const at = this.alerts.findIndex((a) => a.id === id);
    const alert = this.alerts[at];
    if (alert === undefined) return false;
    this.alerts[at] = { ...alert, status: 'OK', reason, closedAt: now };
    return true;
  }

  setChannelSuspended(id: string, suspended: boolean, now: number): boolean {
    const at = this.channels.findIndex((c) => c.id === id);
    const channel = this.channels[at];
    if (channel === undefined) return false;
    this.channels[at] = { ...channel, suspendedAt: suspended ? now : undefined };
    return true;
  }
}
