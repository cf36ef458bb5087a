import { z } from 'zod';
import type { Logger } from '../../kernel/log/logger';
import type { AlertSubject } from './alert-state';
import { planRepeats } from './plan-repeats';
import { groupIntervalOf } from './route-event';
import type { AlertStateStore, HostInventory, NotificationSink, RoutingConfigSource } from './router-ports';

/** What the scheduler publishes on repeat-sweep-requests. */
export const repeatSweepRequestSchema = z.object({ reason: z.enum(['schedule', 'manual']) });
export type RepeatSweepRequest = z.infer<typeof repeatSweepRequestSchema>;

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
  muted: number;
  /** States another writer changed meanwhile: the next sweep decides them again. */
  conflicts: number;
}

/**
 * Scheduled (repeat-sweep-requests, every 5 minutes): repeats for alerts that stay open follow each
 * route's repeat interval even when Mackerel says nothing more. Per open alert: decide (planRepeats,
 * pure), write the state with the repeats in its outbox at the version read, publish the outbox, clear
 * it. A crash after the write leaves the outbox for the router or the next sweep to publish; a crash
 * before it decides the same ids again next time. One org failing does not stop the others; the sweep
 * throws at the end so Pub/Sub retries it.
 */
export async function sweepRepeats(
  deps: RepeatSweepDeps,
  request: RepeatSweepRequest,
): Promise<RepeatSweepResult> {
  const now = deps.now?.() ?? new Date();
  const correlationId = `repeat-sweep-${now.toISOString()}`;
  const result: RepeatSweepResult = { orgs: 0, open: 0, repeats: 0, muted: 0, conflicts: 0 };
  const failures: string[] = [];
  const queue = [...(await deps.orgNames())];

  const sweepOrg = async (org: string) => {
    const log = deps.logger.child({ org, correlationId });
    const [config, open] = await Promise.all([deps.routing.load(org, now), deps.alerts.listOpen(org)]);
    result.orgs++;
    result.open += open.length;
    for (const { value: state, version } of open) {
      const subject: AlertSubject = { kind: state.kind, id: state.alertId };
      const host = state.hostId === null ? undefined : await deps.hosts.get(org, state.hostId);
      const plan = planRepeats({ state, config, host: host?.value, correlationId, now });
      if (plan.kind === 'muted') result.muted++;
      // An outbox a crash left behind is published even when nothing is due.
      let pendingVersion = Object.keys(state.outbox).length > 0 ? version : undefined;
      let pending = Object.values(state.outbox);
      if (plan.kind === 'repeat') {
        for (const invalid of plan.invalid) log.error('notification rejected by its schema', { ...invalid });
        const written = await deps.alerts.put(org, subject, plan.next, version);
        if (written === undefined) {
          result.conflicts++;
          continue;
        }
        pendingVersion = written;
        pending = Object.values(plan.next.outbox);
        result.repeats += plan.notifications.length;
        log.info('alert still open: repeat sent', {
          alertId: state.alertId,
          notificationIds: plan.notifications.map((n) => n.id),
        });
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
  deps.logger.info('repeat sweep done', { reason: request.reason, ...result, failedOrgs: failures });
  if (failures.length > 0)
    throw new Error(`repeat sweep failed for ${failures.length} org(s): ${failures.join(', ')}`);
  return result;
}
