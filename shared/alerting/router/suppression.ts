import { activeSilence } from '../../routing/active-silence';
import type { RoutingTarget } from '../../routing/routing-target';
import type { Silence } from '../../routing/silence-schema';
import type { Suppression } from './alert-state';
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
  now: Date;
}

/**
 * Why an open alert must not be mailed now, or undefined. Checked in this order:
 * 1. maintenance, as the webhook's own host says (Mackerel fills it when it sends: the freshest word);
 * 2. maintenance, as the inventory says, but only from a hostStatus event received after the alert's
 *    change (a host put into maintenance after the payload was built, e.g. a redelivered or reconciled
 *    event); an older inventory status is overruled by the payload;
 * 3. a silence in effect now (activeSilence: the one ending last).
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
  return undefined;
}

export function describeSuppression(suppression: Suppression): string {
  return suppression.kind === 'maintenance'
    ? `host ${JSON.stringify(suppression.hostName)} is in maintenance (${suppression.source})`
    : `silence ${suppression.silenceId} until ${suppression.endsAt} by ${suppression.createdBy}: ${suppression.comment}`;
}
