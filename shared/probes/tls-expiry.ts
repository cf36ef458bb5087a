const DAY_SECONDS = 86_400;

/** Whole days left, rounded down: 0 on the last day, negative once expired. */
export const daysToExpiry = (notAfter: number, now: Date): number =>
  Math.floor((notAfter - now.getTime() / 1000) / DAY_SECONDS);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** OpenSSL's print of an ASN.1 time, as `getPeerCertificate().valid_to` gives it: `Mar  5 12:00:00 2027 GMT`. */
const VALID_TO = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)? (\d{4}) GMT$/;

/** Epoch seconds, or null for text that is not such a time (a date that does not exist included). */
export function parseValidTo(text: string): number | null {
  const m = VALID_TO.exec(text.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[1] ?? '');
  const [day, hour, minute, second, year] = m.slice(2, 7).map(Number);
  if (month < 0 || day === undefined || hour === undefined || minute === undefined || second === undefined) {
    return null;
  }
  if (year === undefined || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month, day, hour, minute, second);
  // Date.UTC rolls Feb 30 over into March: a date that does not round-trip was not a date.
  return new Date(ms).getUTCDate() === day ? ms / 1000 : null;
}
