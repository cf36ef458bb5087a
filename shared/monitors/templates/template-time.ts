/**
 * Downtime times: the API counts epoch seconds, a person writes `2026-01-04T03:00:00+09:00`. Templates
 * accept either; `monitors pull` writes ISO in Japan time (the MSP's and its customers' zone).
 */

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})$/;
const JST_OFFSET_SECONDS = 9 * 3600;

export const ISO_EXAMPLE = '2026-01-04T03:00:00+09:00';

/** Epoch seconds from an ISO date-time with offset (whole seconds); null when it is not one. */
export function epochSecondsOf(text: string): number | null {
  if (!ISO_WITH_OFFSET.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms / 1000;
}

/** `2026-01-04T03:00:00+09:00` for epoch seconds. */
export function jstIsoOf(epochSeconds: number): string {
  const shifted = new Date((Math.floor(epochSeconds) + JST_OFFSET_SECONDS) * 1000).toISOString();
  return `${shifted.slice(0, 19)}+09:00`;
}
