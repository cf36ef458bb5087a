import { asRecord, charLength, type JsonRecord } from './json-fields';

/**
 * The checks PagerDuty's Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/)
 * makes on an event, each failure one message as PagerDuty words them.
 */
export const PAGERDUTY_EVENT_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
export type PagerDutyEventAction = (typeof PAGERDUTY_EVENT_ACTIONS)[number];

export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type PagerDutySeverity = (typeof PAGERDUTY_SEVERITIES)[number];

export interface PagerDutyEvent {
  routingKey: string;
  eventAction: PagerDutyEventAction;
  dedupKey?: string;
  /** Only on triggers. */
  summary?: string;
  source?: string;
  severity?: PagerDutySeverity;
}

export type PagerDutyEventCheck = { ok: true; event: PagerDutyEvent } | { ok: false; errors: string[] };

const ROUTING_KEY_LENGTH = 32;
const MAX_DEDUP_KEY = 255;
const MAX_SUMMARY = 1024;

const blank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';
const oneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  (list as readonly unknown[]).includes(value);
const quotedList = (list: readonly string[]): string =>
  `${list
    .slice(0, -1)
    .map((v) => `'${v}'`)
    .join(', ')} or '${list.at(-1)}'`;

export function checkPagerDutyEvent(raw: unknown): PagerDutyEventCheck {
  const body = asRecord(raw);
  if (body === undefined) return { ok: false, errors: ['Event object must be a JSON object'] };
  const errors: string[] = [];
  const { routing_key: routingKey, event_action: action, dedup_key: dedupKey } = body;

  if (blank(routingKey)) errors.push("'routing_key' is missing or blank");
  else if (typeof routingKey === 'string' && routingKey.length !== ROUTING_KEY_LENGTH)
    errors.push(`Length of 'routing_key' is incorrect (should be ${ROUTING_KEY_LENGTH} characters)`);

  if (blank(action)) errors.push("'event_action' is missing or blank");
  else if (!oneOf(PAGERDUTY_EVENT_ACTIONS, action))
    errors.push(
      `'event_action' is invalid (must be one of the following: ${quotedList(PAGERDUTY_EVENT_ACTIONS)})`,
    );

  if (dedupKey !== undefined && typeof dedupKey !== 'string') errors.push("'dedup_key' must be a string");
  else if (typeof dedupKey === 'string' && charLength(dedupKey) > MAX_DEDUP_KEY)
    errors.push(`Length of 'dedup_key' is too long (must be ${MAX_DEDUP_KEY} characters or fewer)`);
  else if ((action === 'acknowledge' || action === 'resolve') && blank(dedupKey))
    errors.push("'dedup_key' is missing or blank");

  if (action === 'trigger') errors.push(...payloadErrors(body.payload));
  if (errors.length > 0) return { ok: false, errors };

  const payload = asRecord(body.payload);
  return {
    ok: true,
    event: {
      routingKey: String(routingKey),
      eventAction: action as PagerDutyEventAction,
      ...(typeof dedupKey === 'string' && dedupKey !== '' ? { dedupKey } : {}),
      ...(action === 'trigger' && payload !== undefined ? triggerFields(payload) : {}),
    },
  };
}

function payloadErrors(value: unknown): string[] {
  const payload = asRecord(value);
  if (payload === undefined) return ["'payload' is missing or blank"];
  const errors: string[] = [];
  if (blank(payload.summary)) errors.push("'payload.summary' is missing or blank");
  else if (typeof payload.summary === 'string' && charLength(payload.summary) > MAX_SUMMARY)
    errors.push(`Length of 'payload.summary' is too long (must be ${MAX_SUMMARY} characters or fewer)`);
  if (blank(payload.source)) errors.push("'payload.source' is missing or blank");
  if (blank(payload.severity)) errors.push("'payload.severity' is missing or blank");
  else if (!oneOf(PAGERDUTY_SEVERITIES, payload.severity))
    errors.push(
      `'payload.severity' is invalid (must be one of the following: ${quotedList(PAGERDUTY_SEVERITIES)})`,
    );
  if (
    payload.timestamp !== undefined &&
    (typeof payload.timestamp !== 'string' || Number.isNaN(Date.parse(payload.timestamp)))
  )
    errors.push("'payload.timestamp' is invalid (must be an ISO 8601 date and time)");
  if (payload.custom_details !== undefined && asRecord(payload.custom_details) === undefined)
    errors.push("'payload.custom_details' must be a JSON object");
  return errors;
}

const triggerFields = (payload: JsonRecord): Pick<PagerDutyEvent, 'summary' | 'source' | 'severity'> => ({
  summary: String(payload.summary),
  source: String(payload.source),
  severity: payload.severity as PagerDutySeverity,
});
