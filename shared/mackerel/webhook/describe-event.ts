import type { AlertStatus } from '../alert-status';
import type { WebhookAlert } from './webhook-alert-schema';
import { isKnownWebhookEvent, type WebhookEvent } from './webhook-event-schema';

/** The few facts intake and the router key, log and route on, the same for every event type. */
export interface EventDescription {
  orgName: string | undefined;
  eventType: string;
  alertId?: string;
  alertStatus?: AlertStatus;
  isOpen?: boolean;
  /** Epoch seconds of the change the event reports; undefined when the payload has no timestamp. */
  eventTimeSeconds?: number;
  hostId?: string;
  hostName?: string;
  monitorName?: string;
}

/**
 * An open alert is timed by its latest status change, a closed one by its close. Older payloads lack
 * statusChangedAt; a closedAt on an open alert (seen in the docs' sample) is ignored because isOpen wins.
 */
function alertTimeSeconds(alert: WebhookAlert): number | undefined {
  const changedAt = alert.statusChangedAt ?? alert.openedAt;
  return alert.isOpen ? changedAt : (alert.closedAt ?? changedAt);
}

export function describeEvent(event: WebhookEvent): EventDescription {
  const base = { orgName: event.orgName, eventType: event.event };
  if (!isKnownWebhookEvent(event)) return base;
  switch (event.event) {
    case 'alert':
      return {
        ...base,
        alertId: event.alert.id,
        alertStatus: event.alert.status,
        isOpen: event.alert.isOpen,
        eventTimeSeconds: alertTimeSeconds(event.alert),
        hostId: event.host?.id,
        hostName: event.host?.name,
        monitorName: event.alert.monitorName,
      };
    case 'alertGroup':
      return {
        ...base,
        alertStatus: event.alertGroup.status,
        eventTimeSeconds: event.alertGroup.closedAt ?? event.alertGroup.createdAt,
      };
    case 'hostStatus':
    case 'hostRegister':
    case 'hostRetire':
      return { ...base, hostId: event.host.id, hostName: event.host.name };
    case 'monitorCreate':
    case 'monitorUpdate':
    case 'monitorDelete':
      return { ...base, monitorName: event.monitor.name };
    case 'sample':
      return base;
  }
}
