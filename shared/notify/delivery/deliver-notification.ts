import type { NotificationMessage } from '../message/notification-message';
import { type NotificationTarget, targetKeyOf } from '../targets/notification-target';
import { type DeliveryResult, type DeliveryRun, deliverToTarget } from './deliver-to-target';
import { prepareSend, type Senders } from './prepare-send';

export { type DeliveryResult, deliveryPushOutcome } from './deliver-to-target';

export interface DeliverDeps extends DeliveryRun {
  senders: Senders;
}

export interface TargetDelivery {
  target: string;
  result: DeliveryResult;
}

/** The notification's outcome: each target's, and the one that decides the push answer. */
export type NotificationDelivery = DeliveryResult & { targets: TargetDelivery[] };

/** Which target's result speaks for the notification: any that must come back wins, then failures. */
const WEIGHT: Record<DeliveryResult['outcome'], number> = {
  retry: 4,
  busy: 3,
  failed: 2,
  sent: 1,
  'already-done': 0,
};

/**
 * Delivers a notification to every one of its targets, side by side, each exactly once (its own record,
 * see deliver-to-target.ts). A redelivery after one target failed skips the targets already done: Slack
 * refusing does not mail anyone twice.
 */
export async function deliverNotification(
  deps: DeliverDeps,
  n: NotificationMessage,
): Promise<NotificationDelivery> {
  const log = deps.logger.child({
    org: n.org,
    correlationId: n.correlationId,
    notificationId: n.id,
    kind: n.kind,
    routeId: n.routeId,
  });
  const one = async (target: NotificationTarget): Promise<TargetDelivery> => {
    const key = targetKeyOf(target);
    const { prepared, fields } = prepareSend(deps.senders, n, target);
    const result = await deliverToTarget(deps, n, { key, prepared, fields }, log.child({ target: key }));
    return { target: key, result };
  };
  const targets = await Promise.all(n.targets.map(one));
  const [first, ...rest] = targets;
  if (first === undefined) throw new Error(`notification ${n.id} has no targets`); // the schema forbids it
  const decisive = rest.reduce(
    (a, b) => (WEIGHT[b.result.outcome] > WEIGHT[a.result.outcome] ? b : a),
    first,
  );
  return { ...decisive.result, targets };
}
