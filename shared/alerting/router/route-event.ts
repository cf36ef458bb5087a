import type { Logger } from '../../kernel/log/logger';
import type { HostRegisterAuditRequest } from '../../kernel/messages/audit-request';
import { orgNameSchema } from '../../kernel/org-name';
import type { MessagePublisher } from '../../kernel/ports/message-publisher';
import { describeEvent } from '../../mackerel/webhook/describe-event';
import type { MackerelEventMessage } from '../../mackerel/webhook/mackerel-event-message';
import { parseWebhookBody } from '../../mackerel/webhook/parse-webhook';
import { isKnownWebhookEvent, type WebhookEvent } from '../../mackerel/webhook/webhook-event-schema';
import type { HostLifecycleEvent, HostStatusEvent } from '../../mackerel/webhook/webhook-host-event-schema';
import { inhibitionOf } from '../../routing/inhibition/inhibition';
import { DEFAULT_ROUTE_ID } from '../../routing/match-routes';
import { routingTargetOf } from '../../routing/routing-target';
import { type AlertFacts, alertFactsOf } from './alert-facts';
import { inhibitableAlertsOf, mayBeInhibited, mayRelease } from './alert-inhibition';
import type { AlertState } from './alert-state';
import type { AlertTransition } from './alert-transition';
import { decideHostUpdate, HOST_EVENT_TYPES, type HostEventType } from './host-record';
import { type AlertPlan, planAlert } from './plan-alert';
import type { RepeatSweepRequest } from './repeat-sweep-request';
import type {
  AlertStateStore,
  DedupMarkers,
  HostInventory,
  NotificationSink,
  RouterRoutingConfig,
  RoutingConfigSource,
} from './router-ports';
import { ROUTER_TOPICS } from './router-topics';
import { describeSuppression } from './suppression';

/**
 * The router's use case: one `mackerel-events` message in, alert state, host inventory, notifications
 * and audit requests out. Every step is idempotent, so a crash anywhere is repaired by the redelivery:
 *
 *   1. the dedup marker (written last) is read first: an event already routed is acked at once;
 *   2. the alert's state is read, the event decided against it (planAlert, pure), and the new state is
 *      written conditionally (create, or replace at the version read; on a conflict: read and decide
 *      again). The notifications decided go into the state's outbox in that same write;
 *   3. the event is recorded in the alert's history (create-only, keyed by dedup key), and if the alert
 *      stopped inhibiting others, a sweep of the org is asked for (requestRelease);
 *   4. the outbox is published (notification ids are fixed by org, dedup key, route and kind, and the
 *      mailer sends an id once) and then cleared at the version written;
 *   5. the marker is written, expiring after DEDUP_RETENTION_DAYS.
 *
 * Dying after 2 leaves the notifications in the outbox: the redelivery finds the state already at this
 * event (a duplicate: nothing new to decide) and publishes the outbox. Dying after 4 republishes at
 * most. Throwing (Firestore or Pub/Sub errors) makes the push answer 5xx, and Pub/Sub redelivers.
 */

export interface RouterDeps {
  markers: DedupMarkers;
  alerts: AlertStateStore;
  hosts: HostInventory;
  routing: RoutingConfigSource;
  sink: NotificationSink;
  /** For audit requests, and sweep requests when an inhibition may be over. */
  publisher: MessagePublisher;
  logger: Logger;
  now?: () => Date;
}

export type RouteOutcome =
  /** The marker says this event was routed already. */
  | { kind: 'already-done' }
  /** Could not be read (intake should have stopped it): recorded at ERROR and acked. */
  | { kind: 'malformed'; reason: string }
  | {
      kind: 'alert';
      transition: AlertTransition;
      /** Notifications this event decided. */
      notificationIds: string[];
      /** Everything published, earlier undelivered outbox entries included. */
      publishedIds: string[];
      suppressed: string | undefined;
      /** A sweep of the org was asked for: the alert stopped inhibiting (see requestRelease). */
      releaseRequested: boolean;
    }
  | { kind: 'host'; applied: boolean; auditRequested: boolean }
  /** Logged and acked: monitor events, sample, unknown event types. */
  | { kind: 'recorded'; eventType: string };

/**
 * How long "done" is remembered: Pub/Sub keeps an unacked message for at most 7 days, so no redelivery
 * comes later than that. (A Mackerel re-post after that is decided against the alert state anyway.)
 */
export const DEDUP_RETENTION_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Conditional writes lost to other writers before giving up with a 5xx (Pub/Sub brings it back). */
export const MAX_STATE_ATTEMPTS = 5;

const HOST_EVENTS: ReadonlySet<string> = new Set(HOST_EVENT_TYPES);

export async function routeEvent(deps: RouterDeps, message: MackerelEventMessage): Promise<RouteOutcome> {
  const log = deps.logger;
  const now = deps.now?.() ?? new Date();
  const orgName = orgNameSchema.safeParse(message.org);
  if (!orgName.success) {
    log.error('event has an unusable org name', { dedupKey: message.dedupKey });
    return { kind: 'malformed', reason: 'org name' };
  }
  const parsed = parseWebhookBody(message.body);
  if (!parsed.ok) {
    log.error('malformed event body', { dedupKey: message.dedupKey, issues: parsed.issues });
    return { kind: 'malformed', reason: 'body' };
  }
  const event = parsed.event;
  if (event.orgName !== undefined && event.orgName !== message.org) {
    // Intake refuses these; one arriving here would route one org's alert with another's rules.
    log.error('event org mismatch', { dedupKey: message.dedupKey, bodyOrg: event.orgName });
    return { kind: 'malformed', reason: 'org mismatch' };
  }
  const facts = alertFactsOf(event, message.org, Math.floor(Date.parse(message.receivedAt) / 1000));
  if (facts !== undefined) return routeAlert(deps, message, event, facts, now);
  if (
    isKnownWebhookEvent(event) &&
    (event.event === 'hostStatus' || event.event === 'hostRegister' || event.event === 'hostRetire')
  ) {
    return routeHostEvent(deps, message, event, now);
  }
  log.info('event recorded', {
    eventType: event.event,
    dedupKey: message.dedupKey,
    monitorName: describeEvent(event).monitorName,
  });
  return { kind: 'recorded', eventType: event.event };
}

const expiry = (now: Date) => new Date(now.getTime() + DEDUP_RETENTION_DAYS * DAY_MS);

/**
 * The marker key: the dedup key itself for alerts and alert groups (it carries the reported time). Host
 * events have no time, so their dedup key is the body's hash and a host going into maintenance twice in
 * a week posts the same body twice: their marker adds the receive time, which only a redelivery of the
 * same message repeats. Applying a re-posted host event again is harmless (same status, later time).
 */
export function markerKeyOf(message: MackerelEventMessage, eventType: string): string {
  return HOST_EVENTS.has(eventType)
    ? `${message.dedupKey}-${Date.parse(message.receivedAt)}`
    : message.dedupKey;
}

async function routeAlert(
  deps: RouterDeps,
  message: MackerelEventMessage,
  event: WebhookEvent,
  facts: AlertFacts,
  now: Date,
): Promise<RouteOutcome> {
  const { org } = message;
  const { subject } = facts;
  const log = deps.logger.child({ alertId: subject.id, dedupKey: message.dedupKey });
  const key = markerKeyOf(message, event.event);
  const target = routingTargetOf(event, org);
  // Independent reads in one round trip: a redelivery pays for three reads it did not need, every
  // first delivery (the common case) saves two sequential round trips.
  const [done, config, host, firstRead] = await Promise.all([
    deps.markers.isDone(org, key, now),
    deps.routing.load(org, now),
    facts.hostId === undefined ? undefined : deps.hosts.get(org, facts.hostId),
    deps.alerts.get(org, subject),
  ]);
  if (done) {
    log.info('event already routed', { eventType: event.event });
    return { kind: 'already-done' };
  }
  if (config.problems.length > 0) log.warn('routing configuration problems', { problems: config.problems });
  // Only an org with a rule that could inhibit this alert pays for reading its open alerts.
  const inhibition =
    facts.position.isOpen && mayBeInhibited(target, config.inhibitRules)
      ? inhibitionOf(
          { alertId: subject.id, isOpen: true, routing: target },
          inhibitableAlertsOf((await deps.alerts.listOpen(org)).map((entry) => entry.value)),
          config.inhibitRules,
        )
      : null;

  let plan: AlertPlan | undefined;
  let state: AlertState | undefined;
  let version: string | undefined;
  let previous: AlertState | undefined;
  for (let attempt = 1; plan === undefined; attempt++) {
    const stored = attempt === 1 ? firstRead : await deps.alerts.get(org, subject);
    previous = stored?.value;
    const candidate = planAlert({
      org,
      dedupKey: message.dedupKey,
      correlationId: message.correlationId,
      receivedAt: message.receivedAt,
      facts,
      target,
      current: stored?.value,
      config,
      host: host?.value,
      inhibition,
      now,
    });
    if (candidate.next === undefined) {
      plan = candidate;
      state = stored?.value;
      version = stored?.version;
    } else {
      const written = await deps.alerts.put(org, subject, candidate.next, stored?.version);
      if (written !== undefined) {
        plan = candidate;
        state = candidate.next;
        version = written;
      } else if (attempt >= MAX_STATE_ATTEMPTS) {
        throw new Error(
          `alert state of ${subject.kind} ${subject.id} kept changing: gave up after ${attempt} writes`,
        );
      } else {
        log.debug('alert state changed meanwhile, deciding again', { attempt });
      }
    }
  }

  for (const invalid of plan.invalid) log.error('notification rejected by its schema', { ...invalid });
  const suppressed = plan.suppression === undefined ? undefined : describeSuppression(plan.suppression);
  const notificationIds = plan.notifications.map((n) => n.id);
  const pending = Object.values(state?.outbox ?? {});
  const releaseRequested = plan.next !== undefined && mayRelease(previous, plan.next, config.inhibitRules);
  await Promise.all([
    deps.alerts.recordEvent(org, subject, {
      dedupKey: message.dedupKey,
      status: facts.position.status,
      isOpen: facts.position.isOpen,
      eventTimeSeconds: facts.position.eventTimeSeconds,
      transition: plan.transition,
      source: message.source,
      receivedAt: message.receivedAt,
      processedAt: now.toISOString(),
      correlationId: message.correlationId,
      notificationIds,
      suppressedBy: suppressed ?? null,
    }),
    pending.length > 0
      ? deps.sink.submit(pending, log, { now, groupIntervalOf: (key) => groupIntervalOf(config, key) })
      : undefined,
    releaseRequested ? requestRelease(deps, org, message.correlationId) : undefined,
  ]);
  if (pending.length > 0 && version !== undefined) {
    await deps.alerts.replaceOutbox(org, subject, {}, version);
  }
  // Last: once it exists a redelivery stops at the top, so everything above must be done by now.
  await deps.markers.markDone({
    org,
    key,
    eventType: event.event,
    outcome: plan.transition,
    processedAt: now,
    expiresAt: expiry(now),
  });

  const fields = {
    eventType: event.event,
    transition: plan.transition,
    status: facts.position.status,
    isOpen: facts.position.isOpen,
    eventTimeSeconds: facts.position.eventTimeSeconds,
    notificationIds,
    republished: pending.length - notificationIds.length,
    matchedRoutes: plan.routed?.matched.map((route) => route.key),
    suppressedBy: suppressed,
    releaseRequested,
  };
  if (plan.transition === 'stale') {
    log.info('stale alert event recorded', { ...fields, stateEventTimeSeconds: state?.eventTimeSeconds });
  } else if (suppressed !== undefined) {
    log.info('alert muted', fields);
  } else if (plan.routed !== undefined && plan.routed.matched.length === 0) {
    log.warn('alert matched no route', {
      ...fields,
      notMatched: plan.routed.notMatched.map((route) => ({ key: route.key, reasons: route.reasons })),
    });
  } else {
    log.info('alert routed', fields);
  }
  return {
    kind: 'alert',
    transition: plan.transition,
    notificationIds,
    publishedIds: pending.map((n) => n.id),
    suppressed,
    releaseRequested,
  };
}

/**
 * Asks for a sweep of the org: the alerts this one inhibited are mailed by it (planUnmute), through their
 * outboxes like any sweep's, so a crash there loses nothing. Published after the state write, so the sweep
 * sees this alert closed, and before the marker. A request lost to a crash in between (the redelivery
 * decides nothing new) is made up for by the scheduled sweep within 5 minutes.
 */
async function requestRelease(deps: RouterDeps, org: string, correlationId: string): Promise<void> {
  const request: RepeatSweepRequest = { reason: 'inhibition-released', org };
  await deps.publisher.publish(ROUTER_TOPICS.repeatSweepRequests, Buffer.from(JSON.stringify(request)), {
    org,
    reason: request.reason,
    correlationId,
  });
}

/** A route's group interval by route key (`org:<id>`, `default`, `msp:<id>`) in the loaded config. */
export function groupIntervalOf(config: RouterRoutingConfig, routeKey: string): number | undefined {
  if (routeKey === DEFAULT_ROUTE_ID) return config.defaultRoute?.groupIntervalSeconds;
  const [scope, ...rest] = routeKey.split(':');
  const id = rest.join(':');
  const routes: readonly { id: string; groupIntervalSeconds: number }[] =
    scope === 'msp' ? config.mspRoutes : scope === 'org' ? config.orgRoutes : [];
  return routes.find((route) => route.id === id)?.groupIntervalSeconds;
}

async function routeHostEvent(
  deps: RouterDeps,
  message: MackerelEventMessage,
  event: HostStatusEvent | HostLifecycleEvent,
  now: Date,
): Promise<RouteOutcome> {
  const { org } = message;
  const type: HostEventType = event.event;
  const log = deps.logger.child({ hostId: event.host.id, dedupKey: message.dedupKey });
  const key = markerKeyOf(message, type);
  if (await deps.markers.isDone(org, key, now)) {
    log.info('event already routed', { eventType: type });
    return { kind: 'already-done' };
  }
  let applied: boolean | undefined;
  let skipped: string | undefined;
  for (let attempt = 1; applied === undefined; attempt++) {
    const stored = await deps.hosts.get(org, event.host.id);
    const decision = decideHostUpdate(
      stored?.value,
      { org, type, host: event.host, receivedAt: message.receivedAt, dedupKey: message.dedupKey },
      now,
    );
    if (decision.action === 'skip') {
      applied = false;
      skipped = decision.reason;
    } else if ((await deps.hosts.put(org, decision.record, stored?.version)) !== undefined) {
      applied = true;
    } else if (attempt >= MAX_STATE_ATTEMPTS) {
      throw new Error(`host ${event.host.id} kept changing: gave up after ${attempt} writes`);
    }
  }
  // Asked on every delivery until the marker is written: an audit asked twice costs one more audit.
  const auditRequested = type === 'hostRegister';
  if (auditRequested) {
    const request: HostRegisterAuditRequest = { org, reason: 'hostRegister', hostId: event.host.id };
    await deps.publisher.publish(ROUTER_TOPICS.auditRequests, Buffer.from(JSON.stringify(request)), {
      org,
      reason: request.reason,
      hostId: request.hostId,
      correlationId: message.correlationId,
    });
  }
  await deps.markers.markDone({
    org,
    key,
    eventType: type,
    outcome: applied ? 'applied' : `skipped: ${skipped}`,
    processedAt: now,
    expiresAt: expiry(now),
  });
  log.info(applied ? 'host inventory updated' : 'host event not applied', {
    eventType: type,
    hostName: event.host.name,
    hostStatus: event.host.status,
    reason: skipped,
    auditRequested,
  });
  return { kind: 'host', applied, auditRequested };
}
