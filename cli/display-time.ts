const JST_OFFSET_MS = 9 * 3_600_000;

/** `2026-01-01 21:00 JST`: tables are read by operators in Tokyo; --json keeps the stored values. */
export function jstText(instant: Date | string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) return String(instant);
  const iso = new Date(ms + JST_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} JST`;
}

/** The same for epoch seconds as the audit stores them; `-` for none. */
export const epochText = (seconds: number | null | undefined): string =>
  seconds === null || seconds === undefined ? '-' : jstText(new Date(seconds * 1000));
