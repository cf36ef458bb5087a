import { isIP } from 'node:net';

/**
 * The caller's address as seen by the last trusted proxy. Google's front end appends the address it saw
 * to X-Forwarded-For, so entries to its left can be forged by the caller: count from the right.
 * trustedHops = 1 for a function reached directly, 2 behind an external Application Load Balancer.
 */
export function clientIpFrom(
  forwardedFor: string | undefined,
  socketAddress: string | undefined,
  trustedHops: number,
): string | undefined {
  const entries = (forwardedFor ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const candidate = entries.length >= trustedHops ? entries[entries.length - trustedHops] : socketAddress;
  const bare = candidate?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return bare !== undefined && isIP(bare) !== 0 ? bare : undefined;
}
