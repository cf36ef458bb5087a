import {
  type AlertSummary,
  type NotificationInput,
  type NotificationMessage,
  notificationMessageSchema,
} from '../../shared/notify/message/notification-message';

/**
 * Notifications as the router will build them from the Mackerel fixtures (test/fixtures/mackerel):
 * alert-host-critical, alert-service, alert-external-no-service, and a recovery. 1767225600 is
 * 2026-01-01T00:00:00Z, i.e. 09:00 JST.
 */
export const hostAlert: AlertSummary = {
  org: 'acme-prod',
  orgDisplayName: 'ACME (prod)',
  alertId: '4AlrtQ9zZz1',
  status: 'critical',
  previousStatus: 'warning',
  type: 'host',
  target: 'web01',
  monitorName: 'CPU %',
  message: 'CPU % 97.5 > 90',
  memo: 'Runbook: wiki/web-cpu\nEscalate to on-call',
  alertUrl: 'https://mackerel.io/orgs/acme-prod/alerts/4AlrtQ9zZz1',
  imageUrl: 'https://mackerel.io/embed/public/alert/abcDEF123.png',
  openedAt: 1767225600,
};

export const serviceAlert: AlertSummary = {
  org: 'acme-prod',
  orgDisplayName: 'ACME (prod)',
  alertId: '4AlrtSvc001',
  status: 'critical',
  type: 'service',
  target: 'shop',
  monitorName: 'shop - orders.failed',
  message: 'orders.failed 42 > 10',
  memo: '',
  alertUrl: 'https://mackerel.io/orgs/acme-prod/alerts/4AlrtSvc001',
  openedAt: 1767225600,
};

/** An external monitor linked to no service: the monitor name is the target. */
export const externalAlert: AlertSummary = {
  org: 'acme-prod',
  orgDisplayName: 'ACME (prod)',
  alertId: '4AlrtExt001',
  status: 'critical',
  type: 'external',
  target: 'shop top page',
  monitorName: 'shop top page',
  message: 'HTTP request failed - status is 503',
  memo: '',
  alertUrl: 'https://mackerel.io/orgs/acme-prod/alerts/4AlrtExt001',
  openedAt: 1767225600,
};

/** web01 back to normal after 1 h 13 min. */
export const hostRecovery: AlertSummary = {
  ...hostAlert,
  status: 'ok',
  previousStatus: 'critical',
  message: 'CPU % 41.2 < 90',
  closedAt: 1767225600 + 73 * 60,
};

export const betaAlert: AlertSummary = {
  org: 'beta-stg',
  orgDisplayName: 'Beta (staging)',
  alertId: '4AlrtBeta01',
  status: 'warning',
  type: 'expression',
  target: 'avg load',
  monitorName: 'avg load',
  message: 'avg load 5.2 > 4',
  memo: 'Check the batch schedule',
  alertUrl: 'https://mackerel.io/orgs/beta-stg/alerts/4AlrtBeta01',
  openedAt: 1767225660,
};

export const RECIPIENTS = { to: ['ops@example.com', 'oncall@example.com'], cc: ['lead@example.com'] };

/** A valid notification (parsed through the schema, so defaults apply), overridable field by field. */
export function notification(overrides: Partial<NotificationInput> = {}): NotificationMessage {
  return notificationMessageSchema.parse({
    version: 1,
    id: 'n-acme-4AlrtQ9zZz1-critical-1767225600',
    kind: 'alert',
    org: 'acme-prod',
    routeId: 'acme-default',
    language: 'en',
    recipients: RECIPIENTS,
    correlationId: 'corr-0123456789',
    alerts: [hostAlert],
    ...overrides,
  });
}

/** Three alerts in two orgs, cross-org (MSP-wide route). */
export function crossOrgDigest(overrides: Partial<NotificationInput> = {}): NotificationMessage {
  return notification({
    id: 'n-digest-noc-20260101T0000',
    kind: 'digest',
    org: '*',
    routeId: 'msp-noc',
    alerts: [hostAlert, serviceAlert, betaAlert],
    window: { from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:05:00Z' },
    ...overrides,
  });
}

/** An audit-style report: facts and a table, no alerts. */
export function reportNotification(overrides: Partial<NotificationInput> = {}): NotificationMessage {
  return notification({
    id: 'audit-acme-prod-20260101T0000',
    kind: 'report',
    routeId: 'audit',
    alerts: [],
    report: {
      severity: 'warning',
      subject: '[WARNING] acme-prod: 2 new hosts, host quota over (43/40)',
      lead: 'Two hosts registered since the last audit.\nCheck that they are expected.',
      facts: [{ label: 'Billable hosts', value: '43 / 40' }],
      tables: [
        {
          caption: 'New hosts',
          columns: ['Host', 'Created (JST)', 'Addresses'],
          rows: [
            ['web09', '2026-01-01 09:00', '203.0.113.9'],
            ['<script>', '2026-01-01 09:05', '198.51.100.7\n2001:db8::7'],
          ],
        },
      ],
      links: [{ label: 'Hosts', url: 'https://mackerel.io/orgs/acme-prod/hosts' }],
      notes: ['These mails come once per change, not every hour.'],
    },
    ...overrides,
  });
}

/**
 * A cross-org digest of `count` alerts (web000, web001, ... of acme-prod), each with a long message: for
 * the chat and paging renderers' limits.
 */
export function bigDigest(count: number, overrides: Partial<NotificationInput> = {}): NotificationMessage {
  const alerts = Array.from({ length: count }, (_, i): AlertSummary => {
    const host = `web${String(i).padStart(3, '0')}`;
    return {
      ...hostAlert,
      alertId: `4AlrtBig${i}`,
      target: host,
      message: `${host} CPU % 97.5 > 90 ${'load detail & more '.repeat(200)}`,
      alertUrl: `https://mackerel.io/orgs/acme-prod/alerts/4AlrtBig${i}`,
    };
  });
  return crossOrgDigest({ id: `n-digest-big-${count}`, alerts, ...overrides });
}
