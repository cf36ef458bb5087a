import { type AlertState, alertStateSchema } from '../../shared/alerting/router/alert-state';

/** Epoch seconds of an ISO time. */
export const epochOf = (iso: string): number => Date.parse(iso) / 1000;

/**
 * An alert state as the router stores it, parsed through its schema so a test never builds one the
 * router could not have written. `openedAt` may be given as ISO text for readability.
 */
export function alertState(
  overrides: Partial<Omit<AlertState, 'openedAt'>> & { openedAt?: number | string } = {},
): AlertState {
  const { openedAt = '2026-01-10T00:00:00Z', ...rest } = overrides;
  const opened = typeof openedAt === 'string' ? epochOf(openedAt) : openedAt;
  const status = rest.status ?? 'critical';
  const isOpen = rest.isOpen ?? status !== 'ok';
  return alertStateSchema.parse({
    version: 1,
    org: 'acme',
    kind: 'alert',
    alertId: 'alert-1',
    eventTimeSeconds: opened,
    closedAt: isOpen ? null : opened + 600,
    type: 'host',
    monitorName: 'CPU usage',
    target: 'web-01',
    hostId: 'host-1',
    hostName: 'web-01',
    display: null,
    routing: null,
    lastDedupKey: `dedup-${rest.alertId ?? 'alert-1'}`,
    lastTransition: isOpen ? 'opened' : 'recovered',
    lastReceivedAt: new Date(opened * 1000).toISOString(),
    updatedAt: new Date(opened * 1000).toISOString(),
    notifiedRoutes: {},
    lastNotifiedAt: null,
    suppression: null,
    outbox: {},
    ...rest,
    status,
    isOpen,
    openedAt: opened,
  });
}
