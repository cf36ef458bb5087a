import type { Logger } from '../../kernel/log/logger';
import { inhibitionOf } from '../../routing/inhibition/inhibition';
import { inhibitableAlertsOf, inhibitableOf } from './alert-inhibition';
import type { AlertSubject } from './alert-state';
import { planRepeats } from './plan-repeats';
import { isUnmuteCandidate, planUnmute } from './plan-unmute';
import type { RepeatSweepRequest } from './repeat-sweep-request';
import { groupIntervalOf } from './route-event';
import type { AlertStateStore, HostInventory, NotificationSink, RoutingConfigSource } from './router-ports';
import { describeSuppression } from './suppression';

export interface RepeatSweepDeps {
  /** Orgs whose open alerts are swept (every org with a record; disabled ones get no repeats). */
  orgNames(): Promise<string[]>;
  alerts: AlertStateStore;
  hosts: HostInventory;
  routing: RoutingConfigSource;
  sink: NotificationSink;
  logger: Logger;
  now?: () => Date;
  /** Orgs swept at once. */
  concurrency?: number;
}

export interface RepeatSweepResult {
  orgs: number;
  open: number;
  repeats: number;
  /** Alerts muted when they opened and mailed now that nothing mutes them (see planUnmute). */
  unmuted: number;
  muted: number;
  /** States another writer changed meanwhile: the next sweep decides them again. */
  conflicts: number;
}

/**
 * Scheduled (repeat-sweep-requests, every 5 minutes): repeats for alerts that stay open follow each
 * route's repeat interval even when Mackerel says nothing more, and alerts muted when they opened are
 * mailed once nothing mutes them any more (an inhibition, silence or maintenance over). Per open alert:
 * decide (planUnmute for a muted one nobody was told of, else planRepeats; both pure, with the
 * inhibition among the org's open alerts as listed), write the state with the notifications in its
 * outbox at the version read, publish the outbox, clear it. A crash after the write leaves the outbox
 * for the router or the next sweep to publish; a crash before it decides the same ids again next time.
 * Being scheduled, it also makes up for a release request the router lost to a crash. One org failing
 * does not stop the others; the sweep throws at the end so Pub/Sub retries it.
 */
export async function sweepRepeats(
  deps: RepeatSweepDeps,
  request: RepeatSweepRequest,
): Promise<RepeatSweepResult> {
  const now = deps.now?.() ?? new Date();
  const correlationId = `repeat-sweep-${now.toISOString()}`;
  const result: RepeatSweepResult = { orgs: 0, open: 0, repeats: 0, unmuted: 0, muted: 0, conflicts: 0 };
  const failures: string[] = [];
  const queue = request.org === undefined ? [...(await deps.orgNames())] : [request.org];

  const sweepOrg = async (org: string) => {
    const log = deps.logger.child({ org, correlationId });
    const [config, open] = await Promise.all([deps.routing.load(org, now), deps.alerts.listOpen(org)]);
    result.orgs++;
    result.open += open.length;
    const inhibitable = inhibitableAlertsOf(open.map((entry) => entry.value));
    for (const { value: state, version } of open) {
      const subject: AlertSubject = { kind: state.kind, id: state.alertId };
      const host = state.hostId === null ? undefined : await deps.hosts.get(org, state.hostId);
      const self = inhibitableOf(state);
      const inhibition =
        self === undefined || config.inhibitRules.length === 0
          ? null
          : inhibitionOf(self, inhibitable, config.inhibitRules);
      const input = { state, config, host: host?.value, inhibition, correlationId, now };
      const plan = isUnmuteCandidate(state) ? planUnmute(input) : planRepeats(input);
      if (plan.kind === 'muted' || plan.kind === 'remuted') result.muted++;
      // An outbox a crash left behind is published even when nothing is due.
      let pendingVersion = Object.keys(state.outbox).length > 0 ? version : undefined;
      let pending = Object.values(state.outbox);
      if ('next' in plan) {
        for (const invalid of plan.invalid) log.error('notification rejected by its schema', { ...invalid });
        const written = await deps.alerts.put(org, subject, plan.next, version);
        if (written === undefined) {
          result.conflicts++;
          continue;
        }
        pendingVersion = written;
        pending = Object.values(plan.next.outbox);
        const notificationIds = plan.notifications.map((n) => n.id);
        if (plan.kind === 'repeat') {
          result.repeats += plan.notifications.length;
          log.info('alert still open: repeat sent', { alertId: state.alertId, notificationIds });
        } else if (plan.kind === 'unmuted') {
          result.unmuted++;
          log.info('alert no longer muted: notified', {
            alertId: state.alertId,
            was: state.suppression && describeSuppression(state.suppression),
            matchedRoutes: plan.matched,
            notificationIds,
          });
        } else {
          log.info('alert still muted, now by something else', {
            alertId: state.alertId,
            suppressedBy: describeSuppression(plan.suppression),
          });
        }
      }
      if (pendingVersion === undefined) continue;
      await deps.sink.submit(pending, log, { now, groupIntervalOf: (key) => groupIntervalOf(config, key) });
      await deps.alerts.replaceOutbox(org, subject, {}, pendingVersion);
    }
  };

  const worker = async () => {
    for (let org = queue.shift(); org !== undefined; org = queue.shift()) {
      try {
        await sweepOrg(org);
      } catch (error) {
        failures.push(org);
        deps.logger.error('repeat sweep of an org failed', { org, error: String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: deps.concurrency ?? 8 }, worker));
  deps.logger.info('repeat sweep done', {
    reason: request.reason,
    org: request.org,
    ...result,
    failedOrgs: failures,
  });
  if (failures.length > 0)
    throw new Error(`repeat sweep failed for ${failures.length} org(s): ${failures.join(', ')}`);
  return result;
}
