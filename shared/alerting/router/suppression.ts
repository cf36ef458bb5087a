import { activeSilence } from '../../routing/active-silence';
import type { Inhibition } from '../../routing/inhibition/inhibition';
import type { RoutingTarget } from '../../routing/routing-target';
import type { Silence } from '../../routing/silence-schema';
import type { AlertState, Suppression } from './alert-state';
import type { HostRecord } from './host-record';

export const MAINTENANCE_STATUS = 'maintenance';

export interface SuppressionInput {
  target: RoutingTarget;
  hostId: string | undefined;
  /** The inventory's record of the alert's host, if any. */
  host: HostRecord | undefined;
  /** Epoch seconds of the change the alert reports. */
  eventTimeSeconds: number;
  silences: readonly Silence[];
  /**
   * What inhibits the alert among the org's open alerts (inhibitionOf), worked out by the caller, which
   * holds those alerts; undefined or null when nothing does or no rule could.
   */
  inhibition?: Inhibition | null | undefined;
  now: Date;
}

/**
 * Why an open alert must not be mailed now, or undefined. Checked in this order:
 * 1. maintenance, as the webhook's own host says (Mackerel fills it when it sends: the freshest word);
 * 2. maintenance, as the inventory says, but only from a hostStatus event received after the alert's
 *    change (a host put into maintenance after the payload was built, e.g. a redelivered or reconciled
 *    event); an older inventory status is overruled by the payload;
 * 3. a silence in effect now (activeSilence: the one ending last);
 * 4. an inhibit rule, while an open alert of the org matching its source stands.
 * Recoveries are never suppressed: whoever was told of the alert is told it is over.
 */
export function suppressionOf(input: SuppressionInput): Suppression | undefined {
  const { target, host, hostId } = input;
  if (hostId !== undefined && target.hostStatus === MAINTENANCE_STATUS) {
    return { kind: 'maintenance', hostId, hostName: target.hostName ?? '', source: 'event' };
  }
  if (
    hostId !== undefined &&
    host !== undefined &&
    host.hostId === hostId &&
    host.status === MAINTENANCE_STATUS &&
    Date.parse(host.lastEventAt) >= input.eventTimeSeconds * 1000
  ) {
    return { kind: 'maintenance', hostId, hostName: host.name, source: 'inventory' };
  }
  const silence = activeSilence(target, input.silences, input.now);
  if (silence !== undefined) {
    return {
      kind: 'silence',
      silenceId: silence.id,
      endsAt: silence.endsAt,
      createdBy: silence.createdBy,
      comment: silence.comment,
    };
  }
  const { inhibition } = input;
  if (inhibition != null) {
    return {
      kind: 'inhibition',
      ruleId: inhibition.ruleId,
      ruleName: inhibition.ruleName,
      sourceAlertId: inhibition.sourceAlertId,
      sourceMonitorName: inhibition.sourceMonitorName ?? '',
    };
  }
  return undefined;
}

/** What the repeat sweep knows of a stored open alert, with no event at hand. */
export interface StoredAlertInput {
  state: AlertState;
  config: { silences: readonly Silence[] };
  host: HostRecord | undefined;
  inhibition?: Inhibition | null | undefined;
  now: Date;
}

/** suppressionOf for a stored open alert, on the routing facts given (those its state keeps). */
export const storedSuppression = (target: RoutingTarget, input: StoredAlertInput): Suppression | undefined =>
  suppressionOf({
    target,
    hostId: input.state.hostId ?? undefined,
    host: input.host,
    eventTimeSeconds: input.state.eventTimeSeconds,
    silences: input.config.silences,
    inhibition: input.inhibition,
    now: input.now,
  });

export function describeSuppression(suppression: Suppression): string {
  switch (suppression.kind) {
    case 'maintenance':
      return `host ${JSON.stringify(suppression.hostName)} is in maintenance (${suppression.source})`;
    case 'silence':
      return `silence ${suppression.silenceId} until ${suppression.endsAt} by ${suppression.createdBy}: ${suppression.comment}`;
    case 'inhibition':
      return `inhibited by rule ${JSON.stringify(suppression.ruleName)} while alert ${suppression.sourceAlertId} (${JSON.stringify(suppression.sourceMonitorName)}) is open`;
  }
}
