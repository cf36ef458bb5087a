import type { AlertPosition } from '../alerting/router/alert-transition';
import type { Logger } from '../kernel/log/logger';
import { SecretNotFoundError } from '../kernel/ports/secret-reader';
import { withTimeout } from '../kernel/retry/with-timeout';
import { jstDateOf } from '../kernel/time/jst-calendar';
import { TOPICS } from '../kernel/topology';
import { MackerelApiError } from '../mackerel/api/mackerel-api-error';
import { findMissedChanges, type MissedChange, readBackSince } from './missed-change';
import type { MissedWebhookRecord } from './missed-webhook-record';
import type { MackerelAlertReader, ReconcileDeps, ReconcileSettings } from './reconcile-ports';
import type { OneOrgReconcileRequest, ReconcileRequest } from './reconcile-request';
import { reconciledAlertBody } from './reconciled-alert-body';
import { type ReconciledEvent, reconciledEvent } from './reconciled-event';

export type ReconcileOutcome =
  | { kind: 'fanned-out'; orgs: number }
  | { kind: 'skipped'; org: string; why: 'unknown-org' | 'disabled' | 'key' }
  | {
      kind: 'reconciled';
      org: string;
      /** Alerts compared with the router's state. */
      examined: number;
      /** Dedup keys of the events published, one per missed change. */
      published: string[];
      /** False when the page limit cut a listing short. */
      complete: boolean;
    };

export interface ReconcileContext {
  /** Carried on by every event published. */
  correlationId: string;
  /** The request's publish time: a redelivery keeps it. */
  requestedAt: Date;
}

/** One scheduled message becomes one `org` message per enabled org, all observing at the same time. */
async function fanOut(deps: ReconcileDeps, requestedAt: Date): Promise<ReconcileOutcome> {
  const names = [...new Set((await deps.orgs.list()).filter((o) => o.enabled).map((o) => o.name))].sort();
  const runAt = requestedAt.toISOString();
  await Promise.all(
    names.map((org) =>
      deps.publisher.publish(
        TOPICS.reconcileRequests,
        Buffer.from(JSON.stringify({ reason: 'org', org, runAt })),
        { org, reason: 'org' },
      ),
    ),
  );
  deps.logger.info('reconciliation fanned out', { orgs: names.length, runAt });
  return { kind: 'fanned-out', orgs: names.length };
}

/** A key that is missing, revoked or not allowed: the org audit reports it, no retry will fix it. */
const isKeyProblem = (error: unknown): boolean =>
  error instanceof SecretNotFoundError ||
  (error instanceof MackerelApiError && (error.kind === 'invalid-key' || error.kind === 'forbidden'));

/** Each host once; a host Mackerel no longer knows is left out of the body (the alert still goes). */
async function hostsOf(api: MackerelAlertReader, missed: readonly MissedChange[]) {
  const ids = [...new Set(missed.flatMap((m) => m.alert.hostId ?? []))];
  const hosts = await Promise.all(
    ids.map((id) =>
      api.getHost(id).catch((error: unknown) => {
        if (error instanceof MackerelApiError && error.kind === 'not-found') return undefined;
        throw error;
      }),
    ),
  );
  return new Map(ids.map((id, i) => [id, hosts[i]]));
}

/**
 * One org: Mackerel's alerts (every open one, and every one opened in the window, further back when the
 * router holds alerts open that Mackerel has closed) against the router's state; each missed change is
 * recorded, then published to mackerel-events as the webhook Mackerel would have sent. Recording first:
 * a run cut off after publishing would otherwise lose the count, since the router may catch up before
 * the redelivery looks again. Everything follows from the request's time, so a redelivery decides the
 * same events with the same keys, which the router and the ledger take once.
 */
async function reconcileOrg(
  deps: ReconcileDeps,
  settings: ReconcileSettings,
  org: string,
  observedAt: Date,
  windowMinutes: number,
  context: ReconcileContext,
  log: Logger,
): Promise<ReconcileOutcome> {
  const api = await deps.mackerelFor(org);
  const observedSeconds = Math.floor(observedAt.getTime() / 1000);
  const windowStart = observedSeconds - windowMinutes * 60;
  const [routerOpen, open, monitors] = await Promise.all([
    deps.alerts.listOpen(org),
    api.listAlerts({ maxPages: settings.maxPages }),
    api.listMonitors(),
  ]);
  const states = new Map<string, AlertPosition & { openedAt: number; alertId: string }>(
    routerOpen.flatMap(({ value }) => (value.kind === 'alert' ? [[value.alertId, value]] : [])),
  );
  const since = readBackSince(
    windowStart,
    [...states.values()],
    open.complete ? new Set(open.alerts.map((a) => a.id)) : undefined,
  );
  const recent = await api.listAlerts({ withClosed: true, since, maxPages: settings.maxPages });
  // The later listing wins for an alert in both.
  const alerts = [...new Map([...open.alerts, ...recent.alerts].map((a) => [a.id, a])).values()];
  // Older alerts the router does not hold open are outside the window whatever their state: not read.
  const unread = alerts.filter((a) => !states.has(a.id) && a.openedAt >= windowStart);
  const read = await Promise.all(unread.map((a) => deps.alerts.get(org, { kind: 'alert', id: a.id })));
  for (const stored of read) if (stored) states.set(stored.value.alertId, stored.value);

  const missed = findMissedChanges({
    org,
    alerts,
    states,
    mutedMonitorIds: new Set(monitors.filter((m) => m.isMute === true).map((m) => m.id)),
    clock: { observedAt: observedSeconds, windowStart, settleSeconds: settings.settleSeconds },
  });
  const monitorOf = new Map(monitors.map((m) => [m.id, m]));
  const hosts = await hostsOf(api, missed);
  const events = missed.map((change) => ({
    change,
    event: reconciledEvent({
      org,
      body: reconciledAlertBody({
        org,
        change,
        monitor: monitorOf.get(change.alert.monitorId),
        host: change.alert.hostId === undefined ? undefined : hosts.get(change.alert.hostId),
      }),
      observedAt,
      correlationId: context.correlationId,
    }),
  }));
  await deps.ledger.record(events.map(({ change, event }) => ledgerRecord(org, change, event, observedAt)));
  await Promise.all(
    events.map(({ event }) =>
      deps.publisher.publish(
        TOPICS.mackerelEvents,
        Buffer.from(JSON.stringify(event.message)),
        event.attributes,
      ),
    ),
  );
  const complete = open.complete && recent.complete;
  const fields = {
    observedAt: observedAt.toISOString(),
    since,
    examined: alerts.length,
    missed: events.map(({ change, event }) => ({
      alertId: change.alert.id,
      kind: change.kind,
      status: change.position.status,
      previousStatus: change.previousStatus,
      dedupKey: event.message.dedupKey,
    })),
    complete,
  };
  if (events.length > 0) log.warn('missed webhooks reconciled', fields);
  else log.info('nothing missed', fields);
  if (!complete) log.warn('alert listing cut short by the page limit', { maxPages: settings.maxPages });
  return {
    kind: 'reconciled',
    org,
    examined: alerts.length,
    published: events.map(({ event }) => event.message.dedupKey),
    complete,
  };
}

function ledgerRecord(
  org: string,
  change: MissedChange,
  event: ReconciledEvent,
  observedAt: Date,
): MissedWebhookRecord {
  return {
    org,
    changeId: change.changeId,
    alertId: change.alert.id,
    kind: change.kind,
    status: change.position.status,
    isOpen: change.position.isOpen,
    eventTimeSeconds: change.position.eventTimeSeconds,
    dedupKey: event.message.dedupKey,
    detectedAt: observedAt.toISOString(),
    date: jstDateOf(observedAt),
  };
}

/**
 * One org's share: checked against its record (enabled orgs only), then reconciled within the org's
 * deadline. A suspended webhook channel is no reason to skip: that is when webhooks go missing. A key
 * problem is acked (the org audit reports it); anything else throws, and Pub/Sub retries the org.
 */
async function reconcileOne(
  deps: ReconcileDeps,
  settings: ReconcileSettings,
  request: OneOrgReconcileRequest,
  context: ReconcileContext,
): Promise<ReconcileOutcome> {
  const { org } = request;
  const log = deps.logger.child({ org });
  const record = await deps.orgs.get(org);
  if (record === undefined || !record.enabled) {
    const why = record === undefined ? 'unknown-org' : 'disabled';
    log.info('org not reconciled', { why });
    return { kind: 'skipped', org, why };
  }
  const observedAt =
    request.reason === 'org' && request.runAt !== undefined ? new Date(request.runAt) : context.requestedAt;
  const windowMinutes = (request.reason === 'on-demand' && request.windowMinutes) || settings.windowMinutes;
  try {
    return await withTimeout(
      reconcileOrg(deps, settings, org, observedAt, windowMinutes, context, log),
      settings.orgDeadlineMs,
      `reconciliation of ${org}`,
    );
  } catch (error) {
    if (!isKeyProblem(error)) throw error;
    log.warn('org not reconciled: its API key cannot be used', { error });
    return { kind: 'skipped', org, why: 'key' };
  }
}

export function runReconcile(
  deps: ReconcileDeps,
  settings: ReconcileSettings,
  request: ReconcileRequest,
  context: ReconcileContext,
): Promise<ReconcileOutcome> {
  if (request.reason === 'schedule') return fanOut(deps, context.requestedAt);
  return reconcileOne(deps, settings, request, context);
}
