/** A Retry-After past this is taken as this: a redelivery still comes within Pub/Sub's retention. */
const MAX_RETRY_AFTER_SECONDS = 3600;

/** An HTTP Retry-After header (delta-seconds or an HTTP date) in whole seconds, or undefined. */
export function retryAfterSeconds(header: string | null, now: Date = new Date()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  const seconds = /^\d+$/.test(text) ? Number(text) : Math.ceil((Date.parse(text) - now.getTime()) / 1000);
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(Math.max(seconds, 0), MAX_RETRY_AFTER_SECONDS);
}
