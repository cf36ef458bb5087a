import { z } from 'zod';

export const ALERT_STATUSES = ['ok', 'warning', 'critical', 'unknown'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** The statuses an open alert can have, worst first. */
export const OPEN_ALERT_STATUSES = ['critical', 'warning', 'unknown'] as const;
export type OpenAlertStatus = (typeof OPEN_ALERT_STATUSES)[number];

/** Webhook alerts say `critical`, alert groups and the REST API say `CRITICAL`: compare case-insensitively. */
function toAlertStatus(value: string): AlertStatus | undefined {
  const lower = value.toLowerCase();
  return ALERT_STATUSES.find((status) => status === lower);
}

/** For sources we only read (REST API, monitor settings): a status Mackerel adds later reads as `unknown`. */
export function normaliseAlertStatus(status: string): AlertStatus {
  return toAlertStatus(status) ?? 'unknown';
}

function quoted(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/**
 * A webhook status in any case, normalised once to lower case at the boundary. Unlike
 * normaliseAlertStatus it rejects unrecognised text: routing an alert on a guessed status is worse than
 * reporting the body as malformed.
 */
export const alertStatusSchema = z.string().transform((value, ctx) => {
  const status = toAlertStatus(value);
  if (status) return status;
  ctx.issues.push({
    code: 'custom',
    input: value,
    message: `expected one of ${ALERT_STATUSES.join('|')}, got ${quoted(value)}`,
  });
  return z.NEVER;
});
