import type { z } from 'zod';
import type { AlertState, AlertSubject } from '../../shared/alerting/router/alert-state';
import type { HostRecord } from '../../shared/alerting/router/host-record';
import type { RouterDeps } from '../../shared/alerting/router/route-event';
import type {
  AlertEventRecord,
  AlertStateStore,
  DedupMarker,
  DedupMarkers,
  HostInventory,
  RouterRoutingConfig,
  RoutingConfigSource,
} from '../../shared/alerting/router/router-ports';
import { ROUTER_TOPICS } from '../../shared/alerting/router/router-topics';
import { publishingNotificationSink } from '../../shared/alerting/storm/notification-sink-for';
import { dedupKey } from '../../shared/mackerel/webhook/dedup-key';
import type { MackerelEventMessage } from '../../shared/mackerel/webhook/mackerel-event-message';
import { parseWebhookBody } from '../../shared/mackerel/webhook/parse-webhook';
import {
  type NotificationMessage,
  notificationMessageSchema,
} from '../../shared/notify/message/notification-message';
import type { OrgRecord } from '../../shared/orgs/org-record';
import {
  type DefaultRoute,
  defaultRouteSchema,
  type MspRoute,
  type MspRouteInput,
  mspRouteSchema,
  type Route,
  type RouteInput,
  routeSchema,
} from '../../shared/routing/route-schema';
import { type Silence, type SilenceInput, silenceSchema } from '../../shared/routing/silence-schema';
import { readFixture } from './fixtures';
import { type CapturedLogs, captureLogs, InMemoryPublisher } from './in-memory-ports';

/**
 * In-memory versions of the router's ports that behave as the Firestore adapters do in Firestore: writes
 * are conditional on the version read (which the npm emulator does not enforce), history entries are
 * create-only, markers expire. Any step can be made to fail once, before or after its effect, to play a
 * process dying at that line.
 */

export type Step =
  | 'markers.isDone'
  | 'markers.markDone'
  | 'routing.load'
  | 'hosts.get'
  | 'hosts.put'
  | 'alerts.get'
  | 'alerts.put'
  | 'alerts.replaceOutbox'
  | 'alerts.recordEvent'
  | 'publisher.publish';

export const ALL_STEPS: readonly Step[] = [
  'markers.isDone',
  'markers.markDone',
  'routing.load',
  'hosts.get',
  'hosts.put',
  'alerts.get',
  'alerts.put',
  'alerts.replaceOutbox',
  'alerts.recordEvent',
  'publisher.publish',
];

export class Faults {
  private armed: { step: Step; when: 'before' | 'after' } | undefined;
  /** Steps reached, in order (every call). */
  readonly reached: Step[] = [];
  fired = false;

  arm(step: Step, when: 'before' | 'after'): void {
    this.armed = { step, when };
    this.fired = false;
  }

  hit(step: Step, when: 'before' | 'after'): void {
    if (when === 'before') this.reached.push(step);
    if (this.armed?.step === step && this.armed.when === when) {
      this.armed = undefined;
      this.fired = true;
      throw new Error(`injected failure ${when} ${step}`);
    }
  }
}

interface Stored<T> {
  value: T;
  version: number;
}

const subjectKey = (org: string, s: AlertSubject) => `${org}/${s.kind}/${s.id}`;
const clone = <T>(value: T): T => structuredClone(value);

export class InMemoryAlertStates implements AlertStateStore {
  readonly states = new Map<string, Stored<AlertState>>();
  readonly history = new Map<string, AlertEventRecord[]>();
  private clock = 0;
  /** Runs once just before the next put lands: another writer getting there first. */
  beforeNextPut: (() => void) | undefined;

  constructor(private readonly faults: Faults) {}

  state(org: string, subject: AlertSubject): AlertState | undefined {
    const stored = this.states.get(subjectKey(org, subject));
    return stored && clone(stored.value);
  }

  events(org: string, subject: AlertSubject): AlertEventRecord[] {
    return this.history.get(subjectKey(org, subject)) ?? [];
  }

  /** Writes a state directly, as another router instance would. */
  force(org: string, subject: AlertSubject, state: AlertState): void {
    this.states.set(subjectKey(org, subject), { value: clone(state), version: ++this.clock });
  }

  async get(org: string, subject: AlertSubject) {
    this.faults.hit('alerts.get', 'before');
    const stored = this.states.get(subjectKey(org, subject));
    this.faults.hit('alerts.get', 'after');
    return stored && { value: clone(stored.value), version: String(stored.version) };
  }

  async put(org: string, subject: AlertSubject, state: AlertState, version: string | undefined) {
    this.faults.hit('alerts.put', 'before');
    const hook = this.beforeNextPut;
    this.beforeNextPut = undefined;
    hook?.();
    const key = subjectKey(org, subject);
    const stored = this.states.get(key);
    if (version === undefined ? stored !== undefined : stored?.version !== Number(version)) return undefined;
    const next = { value: clone(state), version: ++this.clock };
    this.states.set(key, next);
    this.faults.hit('alerts.put', 'after');
    return String(next.version);
  }

  async replaceOutbox(org: string, subject: AlertSubject, outbox: AlertState['outbox'], version: string) {
    this.faults.hit('alerts.replaceOutbox', 'before');
    const key = subjectKey(org, subject);
    const stored = this.states.get(key);
    if (stored?.version !== Number(version)) return false;
    this.states.set(key, { value: { ...stored.value, outbox: clone(outbox) }, version: ++this.clock });
    this.faults.hit('alerts.replaceOutbox', 'after');
    return true;
  }

  async listOpen(org: string) {
    return [...this.states.entries()]
      .filter(([key, stored]) => key.startsWith(`${org}/`) && stored.value.isOpen)
      .map(([, stored]) => ({ value: clone(stored.value), version: String(stored.version) }));
  }

  async recordEvent(org: string, subject: AlertSubject, entry: AlertEventRecord) {
    this.faults.hit('alerts.recordEvent', 'before');
    const key = subjectKey(org, subject);
    const list = this.history.get(key) ?? [];
    if (!list.some((e) => e.dedupKey === entry.dedupKey)) list.push(clone(entry));
    this.history.set(key, list);
    this.faults.hit('alerts.recordEvent', 'after');
  }
}

export class InMemoryHosts implements HostInventory {
  readonly records = new Map<string, Stored<HostRecord>>();
  private clock = 0;
  constructor(private readonly faults: Faults) {}

  record(org: string, hostId: string): HostRecord | undefined {
    return this.records.get(`${org}/${hostId}`)?.value;
  }

  async get(org: string, hostId: string) {
    this.faults.hit('hosts.get', 'before');
    const stored = this.records.get(`${org}/${hostId}`);
    this.faults.hit('hosts.get', 'after');
    return stored && { value: clone(stored.value), version: String(stored.version) };
  }

  async put(org: string, record: HostRecord, version: string | undefined) {
    this.faults.hit('hosts.put', 'before');
    const key = `${org}/${record.hostId}`;
    const stored = this.records.get(key);
    if (version === undefined ? stored !== undefined : stored?.version !== Number(version)) return undefined;
    const next = { value: clone(record), version: ++this.clock };
    this.records.set(key, next);
    this.faults.hit('hosts.put', 'after');
    return String(next.version);
  }
}

export class InMemoryMarkers implements DedupMarkers {
  readonly markers = new Map<string, DedupMarker>();
  constructor(private readonly faults: Faults) {}

  async isDone(org: string, key: string, now: Date) {
    this.faults.hit('markers.isDone', 'before');
    const marker = this.markers.get(`${org}__${key}`);
    this.faults.hit('markers.isDone', 'after');
    return marker !== undefined && marker.expiresAt.getTime() > now.getTime();
  }

  async markDone(marker: DedupMarker) {
    this.faults.hit('markers.markDone', 'before');
    this.markers.set(`${marker.org}__${marker.key}`, { ...marker });
    this.faults.hit('markers.markDone', 'after');
  }
}

/** Routing data as plain values, parsed through the real schemas. */
export class InMemoryRouting implements RoutingConfigSource {
  org: OrgRecord | undefined;
  routes: Route[] = [];
  defaultRoute: DefaultRoute | undefined;
  mspRoutes: MspRoute[] = [];
  silences: Silence[] = [];
  loads = 0;
  constructor(private readonly faults: Faults) {}

  putRoute(route: RouteInput): this {
    this.routes = [...this.routes.filter((r) => r.id !== route.id), routeSchema.parse(route)];
    return this;
  }
  putMspRoute(route: MspRouteInput): this {
    this.mspRoutes = [...this.mspRoutes.filter((r) => r.id !== route.id), mspRouteSchema.parse(route)];
    return this;
  }
  putSilence(silence: SilenceInput): this {
    this.silences = [...this.silences.filter((s) => s.id !== silence.id), silenceSchema.parse(silence)];
    return this;
  }
  setDefaultRoute(route: z.input<typeof defaultRouteSchema> | undefined): this {
    this.defaultRoute = route === undefined ? undefined : defaultRouteSchema.parse(route);
    return this;
  }

  async load(): Promise<RouterRoutingConfig> {
    this.faults.hit('routing.load', 'before');
    this.loads++;
    this.faults.hit('routing.load', 'after');
    return {
      org: this.org,
      orgRoutes: this.routes.filter((r) => r.enabled).sort((a, b) => a.order - b.order),
      defaultRoute: this.defaultRoute ?? this.org?.defaultRoute,
      mspRoutes: this.mspRoutes.filter((r) => r.enabled),
      silences: this.silences,
      problems: [],
    };
  }
}

/** The publisher with the step faults applied (publish lands, then "the process dies", for 'after'). */
class FaultyPublisher extends InMemoryPublisher {
  constructor(private readonly faults: Faults) {
    super();
  }
  override async publish(topic: string, data: Buffer, attributes: Record<string, string>) {
    this.faults.hit('publisher.publish', 'before');
    const id = await super.publish(topic, data, attributes);
    this.faults.hit('publisher.publish', 'after');
    return id;
  }
}

export const ORG = 'acme-prod';

export function acmeOrg(overrides: Partial<OrgRecord> = {}): OrgRecord {
  return {
    name: ORG,
    displayName: 'ACME (prod)',
    enabled: true,
    language: 'ja',
    contacts: [],
    declaredNetworks: [],
    memo: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export interface RouterWorld {
  faults: Faults;
  alerts: InMemoryAlertStates;
  hosts: InMemoryHosts;
  markers: InMemoryMarkers;
  routing: InMemoryRouting;
  publisher: InMemoryPublisher;
  logs: CapturedLogs;
  now: Date;
  deps(): RouterDeps;
  /** Every notification published, in order (one per publish, duplicates included). */
  notifications(): NotificationMessage[];
  /** Distinct notification ids published. */
  notificationIds(): string[];
  auditRequests(): unknown[];
}

export function routerWorld(now = new Date('2026-01-01T01:00:00Z')): RouterWorld {
  const faults = new Faults();
  const publisher = new FaultyPublisher(faults);
  const world: RouterWorld = {
    faults,
    alerts: new InMemoryAlertStates(faults),
    hosts: new InMemoryHosts(faults),
    markers: new InMemoryMarkers(faults),
    routing: new InMemoryRouting(faults),
    publisher,
    logs: captureLogs({ component: 'router' }),
    now,
    deps: () => ({
      alerts: world.alerts,
      hosts: world.hosts,
      markers: world.markers,
      routing: world.routing,
      sink: publishingNotificationSink(publisher),
      publisher,
      logger: world.logs.logger,
      now: () => world.now,
    }),
    notifications: () =>
      publisher.published
        .filter((m) => m.topic === ROUTER_TOPICS.notifications)
        .map((m) => notificationMessageSchema.parse(JSON.parse(m.data.toString('utf8')))),
    notificationIds: () => [...new Set(world.notifications().map((n) => n.id))],
    auditRequests: () =>
      publisher.published
        .filter((m) => m.topic === ROUTER_TOPICS.auditRequests)
        .map((m) => JSON.parse(m.data.toString('utf8'))),
  };
  world.routing.org = acmeOrg();
  return world;
}

/**
 * A mackerel-events message as intake builds it, from a fixture (or any body), with the dedup key intake
 * would compute. `patch` edits the parsed fixture before the key is derived.
 */
export function eventMessage(
  body: Record<string, unknown> | string,
  options: { org?: string; receivedAt?: string; patch?: (body: Record<string, unknown>) => void } = {},
): MackerelEventMessage {
  const org = options.org ?? ORG;
  const raw = typeof body === 'string' ? readFixture(body) : structuredClone(body);
  if (raw.orgName !== undefined) raw.orgName = org;
  options.patch?.(raw);
  const parsed = parseWebhookBody(raw);
  if (!parsed.ok) throw new Error(`bad test body: ${JSON.stringify(parsed.issues)}`);
  return {
    version: 1,
    org,
    source: 'webhook',
    receivedAt: options.receivedAt ?? '2026-01-01T00:30:00.000Z',
    correlationId: `corr-${dedupKey(parsed.event).slice(0, 8)}`,
    dedupKey: dedupKey(parsed.event),
    body: raw,
  };
}

/** Edits `alert` of an alert body. */
export const withAlert =
  (fields: Record<string, unknown>) =>
  (body: Record<string, unknown>): void => {
    body.alert = { ...(body.alert as Record<string, unknown>), ...fields };
  };

/** Edits `host` of a body. */
export const withHost =
  (fields: Record<string, unknown>) =>
  (body: Record<string, unknown>): void => {
    body.host = { ...(body.host as Record<string, unknown>), ...fields };
  };
