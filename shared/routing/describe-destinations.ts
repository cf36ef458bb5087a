import type { NotificationTarget } from '../notify/targets/notification-target';
import { targetsOfRoute } from './route-schema';

interface RouteDestinations {
  recipients?: { to: readonly string[]; cc: readonly string[] } | undefined;
  targets?: readonly NotificationTarget[] | undefined;
}

interface RouteTimes {
  activeTimeIntervals?: readonly string[] | undefined;
  muteTimeIntervals?: readonly string[] | undefined;
  whileMuted?: 'drop' | 'hold' | undefined;
}

/** `slack (secret slack-noc-webhook)`: a target by its kind and the secret it reads, never the value. */
export function describeTarget(
  target: NotificationTarget,
  recipients?: RouteDestinations['recipients'],
): string {
  switch (target.kind) {
    case 'email': {
      if (recipients === undefined) return 'email (no recipients)';
      const cc = recipients.cc.length > 0 ? ` cc ${recipients.cc.join(', ')}` : '';
      return `email ${recipients.to.join(', ')}${cc}`;
    }
    case 'slack':
    case 'teams':
      return `${target.kind} (secret ${target.webhookUrlSecret})`;
    case 'pagerduty':
      return `pagerduty (secret ${target.routingKeySecret})`;
  }
}

/** Every target of a route, mail with its addresses: `email a@x; pagerduty (secret pd-key)`. */
export const describeDestinations = (route: RouteDestinations): string =>
  targetsOfRoute(route)
    .map((target) => describeTarget(target, route.recipients))
    .join('; ');

/** `active in business-hours; muted in maintenance-window`, or `always`. */
export function describeTimes(route: RouteTimes): string {
  const parts = [
    ...(route.activeTimeIntervals ? [`active in ${route.activeTimeIntervals.join(', ')}`] : []),
    ...(route.muteTimeIntervals ? [`muted in ${route.muteTimeIntervals.join(', ')}`] : []),
  ];
  if (parts.length === 0) return 'always';
  return [
    ...parts,
    ...(route.whileMuted === 'hold' ? ['held while muted, sent as one digest after'] : []),
  ].join('; ');
}
