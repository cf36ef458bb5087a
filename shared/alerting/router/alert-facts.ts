import type { AlertStatus } from '../../mackerel/alert-status';
import { describeEvent } from '../../mackerel/webhook/describe-event';
import type { AlertGroupEvent } from '../../mackerel/webhook/webhook-alert-group-schema';
import type { AlertEvent } from '../../mackerel/webhook/webhook-alert-schema';
import type { WebhookEvent } from '../../mackerel/webhook/webhook-event-schema';
import { isKnownWebhookEvent } from '../../mackerel/webhook/webhook-event-schema';
import type { AlertSummary } from '../../notify/message/notification-message';
import type { AlertSubject } from './alert-state';
import type { AlertPosition } from './alert-transition';

/** What a mail says about the alert, before org, status and times are filled in. */
export type AlertDisplay = Pick<
  AlertSummary,
  'alertId' | 'type' | 'target' | 'monitorName' | 'message' | 'memo' | 'alertUrl' | 'imageUrl' | 'openedAt'
>;

/** Everything the router takes from an alert or alert-group event. */
export interface AlertFacts {
  subject: AlertSubject;
  position: AlertPosition;
  display: AlertDisplay;
  /** The close time Mackerel reported, for a closed alert. */
  closedAt: number | undefined;
  hostId: string | undefined;
  hostName: string | undefined;
  /** The host's status as the webhook reported it (working, standby, maintenance, poweroff, ...). */
  hostStatus: string | undefined;
}

const nonEmpty = (value: string | null | undefined): string | undefined =>
  value === undefined || value === null || value === '' ? undefined : value;

/**
 * The target a mail names: the host; else the service (service alerts, external monitors linked to a
 * service); else the monitor (expression, query, unlinked external). Something is always named.
 */
export function alertTargetOf(event: AlertEvent): string {
  return (
    nonEmpty(event.host?.name) ??
    nonEmpty(event.service?.name) ??
    nonEmpty(event.alert.monitorName) ??
    nonEmpty(event.type) ??
    event.alert.id
  );
}

function alertFacts(event: AlertEvent, org: string, receivedAtSeconds: number): AlertFacts {
  const description = describeEvent(event);
  const { alert } = event;
  const openedAt = alert.openedAt ?? receivedAtSeconds;
  return {
    subject: { kind: 'alert', id: alert.id },
    position: {
      status: alert.status,
      isOpen: alert.isOpen,
      eventTimeSeconds: description.eventTimeSeconds ?? openedAt,
    },
    display: {
      alertId: alert.id,
      // EventBridge deliveries may lack the type.
      type: nonEmpty(event.type) ?? 'monitor',
      target: alertTargetOf(event),
      monitorName: alert.monitorName ?? '',
      message: event.message ?? '',
      memo: event.memo ?? '',
      alertUrl: nonEmpty(alert.url) ?? `https://mackerel.io/orgs/${org}/alerts/${alert.id}`,
      imageUrl: nonEmpty(event.imageUrl),
      openedAt,
    },
    closedAt: alert.isOpen ? undefined : (alert.closedAt ?? description.eventTimeSeconds),
    hostId: event.host?.id,
    hostName: event.host?.name,
    hostStatus: event.host?.status,
  };
}

/**
 * An alert group is routed like a host-less alert: a channel with alert-group notifications on stops
 * receiving the member alerts one by one, so the group event is the only news there is. Open while it
 * has no closedAt.
 */
function alertGroupFacts(event: AlertGroupEvent, org: string, receivedAtSeconds: number): AlertFacts {
  const { alertGroup: group, alertGroupSetting: setting } = event;
  const createdAt = group.createdAt ?? receivedAtSeconds;
  const isOpen = group.closedAt === undefined || group.closedAt === null;
  const name = nonEmpty(setting?.name);
  return {
    subject: { kind: 'alertGroup', id: group.id },
    position: {
      status: group.status,
      isOpen,
      eventTimeSeconds: describeEvent(event).eventTimeSeconds ?? createdAt,
    },
    display: {
      alertId: group.id,
      type: 'alertGroup',
      target: name ?? `alert group ${group.id}`,
      monitorName: name ?? '',
      message: '',
      memo: setting?.memo ?? '',
      alertUrl: nonEmpty(group.url) ?? `https://mackerel.io/orgs/${org}/alert-groups/${group.id}`,
      imageUrl: nonEmpty(event.imageUrl),
      openedAt: createdAt,
    },
    closedAt: isOpen ? undefined : (group.closedAt ?? undefined),
    hostId: undefined,
    hostName: undefined,
    hostStatus: undefined,
  };
}

/**
 * The alert facts of an alert or alert-group event; undefined for every other event. A time the body
 * lacks or holds implausibly (see epochSecondsSchema) is taken as the receive time.
 */
export function alertFactsOf(
  event: WebhookEvent,
  org: string,
  receivedAtSeconds: number,
): AlertFacts | undefined {
  if (!isKnownWebhookEvent(event)) return undefined;
  if (event.event === 'alert') return alertFacts(event, org, receivedAtSeconds);
  if (event.event === 'alertGroup') return alertGroupFacts(event, org, receivedAtSeconds);
  return undefined;
}

/** The status a closed alert is mailed with: a close is a recovery, whatever text came with it. */
export const closedStatus: AlertStatus = 'ok';
