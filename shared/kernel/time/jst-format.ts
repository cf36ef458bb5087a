import { JST_OFFSET_MS } from './jst-calendar';

/**
 * Every time a person reads (mail, CLI tables) is Japan time, whatever zone the process runs in (UTC on
 * Cloud Functions): the MSP's operators and customers read JST, and mixing zones invites mistakes.
 */
/** Years 0000 to 9999 in JST: what `YYYY-MM-DD HH:MM` can show. */
const FIRST_MS = Date.UTC(0, 0, 1) - JST_OFFSET_MS;
const LAST_MS = Date.UTC(9999, 11, 31, 23, 59, 59) - JST_OFFSET_MS;

/** Undefined for an instant a date cannot show (not finite, before year 0, after 9999). */
function jstParts(ms: number): { date: string; time: string } | undefined {
  if (!Number.isFinite(ms) || ms < FIRST_MS || ms > LAST_MS) return undefined;
  const iso = new Date(ms + JST_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/**
 * `2026-01-01 09:00` (for table cells whose header says JST). Never throws: a value no date can show is
 * shown as it is, so one bad time never fails a mail.
 */
export function jstDateTime(epochSeconds: number): string {
  const parts = jstParts(epochSeconds * 1000);
  return parts ? `${parts.date} ${parts.time}` : String(epochSeconds);
}

/** `2026-01-01 09:00 JST` (a value no date can show as it is). */
export function formatJst(epochSeconds: number): string {
  const parts = jstParts(epochSeconds * 1000);
  return parts ? `${parts.date} ${parts.time} JST` : String(epochSeconds);
}

/** `2026-01-01 09:00 – 09:05 JST`, or both dates when the range crosses midnight JST. */
export function formatJstRange(fromSeconds: number, toSeconds: number): string {
  const from = jstParts(fromSeconds * 1000);
  const to = jstParts(toSeconds * 1000);
  if (!from || !to) return `${formatJst(fromSeconds)} – ${formatJst(toSeconds)}`;
  const end = from.date === to.date ? to.time : `${to.date} ${to.time}`;
  return `${from.date} ${from.time} – ${end} JST`;
}

/** ISO 8601 (any offset) to epoch seconds. */
export const isoToEpochSeconds = (iso: string): number => Date.parse(iso) / 1000;

/** `2026-01-01 21:00 JST` of a Date or an ISO string as stored; text that is no time is shown as it is. */
export function jstText(instant: Date | string): string {
  const parts = jstParts(typeof instant === 'string' ? Date.parse(instant) : instant.getTime());
  return parts ? `${parts.date} ${parts.time} JST` : String(instant);
}

/** jstText of epoch seconds as the audit stores them; `-` for none. */
export const epochText = (seconds: number | null | undefined): string =>
  seconds === null || seconds === undefined ? '-' : jstText(new Date(seconds * 1000));
