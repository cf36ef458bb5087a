import type { AlertStatus } from '../mackerel/alert-status';
import { describeEvent } from '../mackerel/describe-event';
import type { AlertEvent } from '../mackerel/webhook-alert-schema';
import { isKnownWebhookEvent, type WebhookEvent } from '../mackerel/webhook-event-schema';
import type { WebhookHost } from '../mackerel/webhook-host-schema';

/** The facts of one event that routes and silences match on. */
export interface RoutingTarget {
  /** The org intake authenticated, not the body's orgName (a `sample` has none). */
  org: string;
  eventType: string;
  /** Monitor type of an alert: host, connectivity, check, service, external, expression, ... */
  alertType?: string;
  /** Lower case, from the alert or the alert group. */
  severity?: AlertStatus;
  /** The alert's service, then the services of the host's roles; no duplicates. */
  services: string[];
  /** `service:role` (no space, as Mackerel's API writes it) for each of the host's roles. */
  roles: string[];
  hostName?: string;
  hostStatus?: string;
  /** Untrimmed: leading spaces are part of a Mackerel monitor name. */
  monitorName?: string;
  isOpen?: boolean;
}

interface Subject {
  alertType?: string;
  host?: WebhookHost;
  service?: NonNullable<AlertEvent['service']>;
}

/**
 * Only host-bound alerts and host events carry a host. Host-less alerts (service, expression, external,
 * query) therefore have no host facts at all and route on service and monitor; a route that asks for a
 * host never matches them.
 */
function subjectOf(event: WebhookEvent): Subject {
  if (!isKnownWebhookEvent(event)) return {};
  switch (event.event) {
    case 'alert':
      return { alertType: event.type, host: event.host ?? undefined, service: event.service ?? undefined };
    case 'hostStatus':
    case 'hostRegister':
    case 'hostRetire':
      return { host: event.host };
    default:
      return {};
  }
}

/**
 * Roles come from the host only. A service object lists every role the service has, which says nothing
 * about which role a service-level alert concerns: a `shop:db` route must not get the shop's order-rate
 * alert just because the shop has a db role.
 */
export function routingTargetOf(event: WebhookEvent, org: string): RoutingTarget {
  const description = describeEvent(event);
  const { alertType, host, service } = subjectOf(event);
  const hostRoles = host?.roles ?? [];
  const services = [service?.name, ...hostRoles.map((role) => role.serviceName)].filter(
    (name): name is string => name !== undefined,
  );
  return {
    org,
    eventType: event.event,
    alertType,
    severity: description.alertStatus,
    services: [...new Set(services)],
    roles: [...new Set(hostRoles.map((role) => `${role.serviceName}:${role.roleName}`))],
    hostName: host?.name,
    hostStatus: host?.status,
    monitorName: description.monitorName,
    isOpen: description.isOpen,
  };
}
