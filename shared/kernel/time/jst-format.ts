/**
 * Every time in a mail is Japan time, whatever zone the function runs in (UTC on Cloud Functions):
 * the MSP's operators and customers read JST, and mixing zones in one mail invites mistakes.
 */
const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(epochSeconds: number): { date: string; time: string } {
  const p = Object.fromEntries(
    formatter.formatToParts(new Date(epochSeconds * 1000)).map((part) => [part.type, part.value]),
  );
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** `2026-01-01 09:00` (for table cells whose header says JST). */
export function jstDateTime(epochSeconds: number): string {
  const { date, time } = parts(epochSeconds);
  return `${date} ${time}`;
}

/** `2026-01-01 09:00 JST` */
export function formatJst(epochSeconds: number): string {
  return `${jstDateTime(epochSeconds)} JST`;
}

/** `2026-01-01 09:00 – 09:05 JST`, or both dates when the range crosses midnight JST. */
export function formatJstRange(fromSeconds: number, toSeconds: number): string {
  const from = parts(fromSeconds);
  const to = parts(toSeconds);
  const end = from.date === to.date ? to.time : `${to.date} ${to.time}`;
  return `${from.date} ${from.time} – ${end} JST`;
}

/** ISO 8601 (any offset) to epoch seconds. */
export const isoToEpochSeconds = (iso: string): number => Date.parse(iso) / 1000;
