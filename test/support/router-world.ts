import type { RouterDeps } from '../../shared/alerting/router/route-event';
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
import { type CapturedLogs, captureLogs } from './capture-logs';
import { InMemoryAlertStates } from './fakes/in-memory-alert-states';
import { InMemoryHosts } from './fakes/in-memory-hosts';
import { InMemoryMarkers } from './fakes/in-memory-markers';
import { InMemoryPublisher } from './fakes/in-memory-publisher';
import { InMemoryRouting } from './fakes/in-memory-routing';
import { Faults } from './fakes/step-faults';
import { readFixture } from './fixtures';

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
