import { createHash } from 'node:crypto';
import { canonicalJson } from '../../kernel/canonical-json';
import { describeEvent } from './describe-event';
import { isKnownWebhookEvent, type WebhookEvent } from './webhook-event-schema';

function digest(parts: unknown): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex').slice(0, 32);
}

/**
 * Idempotency key for the router; Mackerel sends no delivery id. Alerts and alert groups are keyed on
 * the state they report (org, id, status, open or closed, time of the change), so a redelivery matches
 * and every transition differs. Host-less alerts need nothing more than the alert id. Events without
 * a timestamp are keyed on their whole body, key order ignored, so only an identical body matches.
 */
export function dedupKey(event: WebhookEvent): string {
  if (isKnownWebhookEvent(event) && event.event === 'alert') {
    const { alertStatus, isOpen, eventTimeSeconds } = describeEvent(event);
    return digest(['alert', event.orgName, event.alert.id, alertStatus, isOpen, eventTimeSeconds]);
  }
  if (isKnownWebhookEvent(event) && event.event === 'alertGroup') {
    const { alertStatus, eventTimeSeconds } = describeEvent(event);
    return digest(['alertGroup', event.orgName, event.alertGroup.id, alertStatus, eventTimeSeconds]);
  }
  return digest(['body', event]);
}
