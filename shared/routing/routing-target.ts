import { z } from 'zod';
import { ALERT_STATUSES } from '../mackerel/alert-status';
import { describeEvent } from '../mackerel/webhook/describe-event';
import type { AlertEvent } from '../mackerel/webhook/webhook-alert-schema';
import { isKnownWebhookEvent, type WebhookEvent } from '../mackerel/webhook/webhook-event-schema';
import type { WebhookHost } from '../mackerel/webhook/webhook-host-schema';

/**
 * The facts of one event that routes and silences match on. A schema because the router keeps the latest
 * one in the alert's state: the repeat sweep matches silences on it with no event at hand.
 */
export const routingTargetSchema = z.object({
  /** The org intake authenticated, not the body's orgName (a `sample` has none). */
  org: z.string(),
  eventType: z.string(),
  /** Monitor type of an alert: host, connectivity, check, service, external, expression, ... */
  alertType: z.string().optional(),
  /** Lower case, from the alert or the alert group. */
  severity: z.enum(ALERT_STATUSES).optional(),
  /** The alert's service, then the services of the host's roles; no duplicates. */
  services: z.array(z.string()),
  /** `service:role` (no space, as Mackerel's API writes it) for each of the host's roles. */
  roles: z.array(z.string()),
  hostName: z.string().optional(),
  hostStatus: z.string().optional(),
  /** Untrimmed: leading spaces are part of a Mackerel monitor name. */
  monitorName: z.string().optional(),
  isOpen: z.boolean().optional(),
});

export type RoutingTarget = z.infer<typeof routingTargetSchema>;

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
