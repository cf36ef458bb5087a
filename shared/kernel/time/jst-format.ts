import { JST_OFFSET_MS } from './jst-calendar';

/**
 * Every time a person reads (mail, CLI tables) is Japan time, whatever zone the process runs in (UTC on
 * Cloud Functions): the MSP's operators and customers read JST, and mixing zones invites mistakes.
 */
function jstParts(ms: number): { date: string; time: string } {
  const iso = new Date(ms + JST_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** `2026-01-01 09:00` (for table cells whose header says JST). */
export function jstDateTime(epochSeconds: number): string {
  const { date, time } = jstParts(epochSeconds * 1000);
  return `${date} ${time}`;
}

/** `2026-01-01 09:00 JST` */
export function formatJst(epochSeconds: number): string {
  return `${jstDateTime(epochSeconds)} JST`;
}

/** `2026-01-01 09:00 – 09:05 JST`, or both dates when the range crosses midnight JST. */
export function formatJstRange(fromSeconds: number, toSeconds: number): string {
  const from = jstParts(fromSeconds * 1000);
  const to = jstParts(toSeconds * 1000);
  const end = from.date === to.date ? to.time : `${to.date} ${to.time}`;
  return `${from.date} ${from.time} – ${end} JST`;
}

/** ISO 8601 (any offset) to epoch seconds. */
export const isoToEpochSeconds = (iso: string): number => Date.parse(iso) / 1000;

/** `2026-01-01 21:00 JST` of a Date or an ISO string as stored; text that is no time is shown as it is. */
export function jstText(instant: Date | string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) return String(instant);
  const { date, time } = jstParts(ms);
  return `${date} ${time} JST`;
}

/** jstText of epoch seconds as the audit stores them; `-` for none. */
export const epochText = (seconds: number | null | undefined): string =>
  seconds === null || seconds === undefined ? '-' : jstText(new Date(seconds * 1000));
