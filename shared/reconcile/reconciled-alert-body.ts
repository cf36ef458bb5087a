import type { ApiHost } from '../mackerel/api/host-schema';
import type { ApiMonitor } from '../mackerel/api/monitor-schema';
import type { MissedChange } from './missed-change';

const MACKEREL_WEB = 'https://mackerel.io';

export interface ReconciledAlertInput {
  org: string;
  change: MissedChange;
  /** The alert's monitor, for its name, memo and service; undefined once the monitor is deleted. */
  monitor: ApiMonitor | undefined;
  /** The alert's host (`GET /api/v0/hosts/<id>`) for host-bound alerts. */
  host: ApiHost | undefined;
}

const orgUrl = (org: string) => `${MACKEREL_WEB}/orgs/${encodeURIComponent(org)}`;

/** The API's roles map (`{"shop":["web"]}`) in the webhook's shape (`{fullname:"shop: web", ...}`). */
function webhookHostOf(host: ApiHost, org: string) {
  return {
    id: host.id,
    name: host.name,
    url: `${orgUrl(org)}/hosts/${encodeURIComponent(host.id)}`,
    status: host.status,
    memo: host.memo ?? '',
    isRetired: host.isRetired ?? false,
    roles: Object.entries(host.roles ?? {}).flatMap(([serviceName, roleNames]) => {
      const serviceUrl = `${orgUrl(org)}/services/${encodeURIComponent(serviceName)}`;
      return roleNames.map((roleName) => ({
        fullname: `${serviceName}: ${roleName}`,
        serviceName,
        serviceUrl,
        roleName,
        roleUrl: `${serviceUrl}#role=${encodeURIComponent(roleName)}`,
      }));
    }),
  };
}

/**
 * Service monitors, and external monitors linked to a service, name it in `service`. The API has no
 * service id, so the name stands in for it (routing and mails read only the name).
 */
function webhookServiceOf(monitor: ApiMonitor | undefined) {
  const name = monitor?.service;
  return typeof name === 'string' && name !== '' ? { id: name, name, roles: [] } : undefined;
}

/**
 * Pure: the webhook Mackerel would have sent for a missed change, in the webhook's own shape (status lower
 * case, times in epoch seconds, `createdAt` in ms), so it goes through the same parser, dedup key, router
 * and mails as a real one. `trigger` says where it came from. Only a status change carries
 * `statusChangedAt` (the observation time, see missed-change.ts); an open or close is timed exactly as
 * its webhook was, which gives it the same dedup key.
 */
export function reconciledAlertBody({ org, change, monitor, host }: ReconciledAlertInput) {
  const { alert, position } = change;
  const service = webhookServiceOf(monitor);
  return {
    orgName: org,
    event: 'alert',
    type: alert.type,
    message: alert.message ?? '',
    memo: monitor?.memo ?? '',
    imageUrl: null,
    user: null,
    ...(host ? { host: webhookHostOf(host, org) } : {}),
    ...(service ? { service } : {}),
    alert: {
      id: alert.id,
      status: position.status,
      isOpen: position.isOpen,
      openedAt: alert.openedAt,
      closedAt: position.isOpen ? null : position.eventTimeSeconds,
      ...(change.kind === 'change' ? { statusChangedAt: position.eventTimeSeconds } : {}),
      createdAt: alert.openedAt * 1000,
      trigger: 'reconcile',
      url: `${orgUrl(org)}/alerts/${encodeURIComponent(alert.id)}`,
      ...(monitor?.name !== undefined ? { monitorName: monitor.name } : {}),
      ...(alert.value !== undefined ? { metricValue: alert.value } : {}),
    },
  };
}
