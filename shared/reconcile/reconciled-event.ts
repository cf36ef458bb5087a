import { dedupKey } from '../mackerel/webhook/dedup-key';
import { describeEvent } from '../mackerel/webhook/describe-event';
import type {
  MackerelEventAttributes,
  MackerelEventMessage,
} from '../mackerel/webhook/mackerel-event-message';
import { parseWebhookBody } from '../mackerel/webhook/parse-webhook';

export interface ReconciledEvent {
  message: MackerelEventMessage;
  attributes: MackerelEventAttributes;
}

/**
 * Pure: a synthetic webhook body as a mackerel-events message, built as intake builds one (same parser,
 * same dedup key, same attributes) but with `source: 'reconcile'`.
 *
 * Dedup: an open or a close is keyed exactly as its lost webhook was (org, alert id, status, open or
 * closed, the time it reports), so when that webhook does arrive late, the router's dedup marker drops
 * whichever of the twins comes second. A status change cannot have its webhook's key (the API does not
 * say when the status changed); there the alert state's monotonic order keeps it single: the reconciled
 * event is placed at the observation time, the late webhook's change is older, so it is recorded as
 * stale and mails nobody.
 */
export function reconciledEvent(input: {
  org: string;
  body: Record<string, unknown>;
  observedAt: Date;
  correlationId: string;
}): ReconciledEvent {
  const parsed = parseWebhookBody(input.body);
  if (!parsed.ok) {
    // A bug in the body builder, not bad input: the router would only record it as malformed.
    throw new Error(`reconciled body does not parse: ${JSON.stringify(parsed.issues)}`);
  }
  const key = dedupKey(parsed.event);
  const summary = describeEvent(parsed.event);
  return {
    message: {
      version: 1,
      org: input.org,
      source: 'reconcile',
      receivedAt: input.observedAt.toISOString(),
      correlationId: input.correlationId,
      dedupKey: key,
      body: input.body,
    },
    attributes: {
      org: input.org,
      event: summary.eventType,
      dedupKey: key,
      correlationId: input.correlationId,
      ...(summary.alertId ? { alertId: summary.alertId } : {}),
    },
  };
}
