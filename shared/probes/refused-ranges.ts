import ipaddr from 'ipaddr.js';

export type Address = ipaddr.IPv4 | ipaddr.IPv6;

export interface NamedRange {
  network: Address;
  bits: number;
  reason: string;
}

const named = (cidr: string, reason: string): NamedRange => {
  const [network, bits] = ipaddr.parseCIDR(cidr);
  return { network, bits, reason };
};

/** The first range holding the address; ipaddr.js throws when families differ, so they are compared first. */
export const rangeOf = (ranges: readonly NamedRange[], address: Address): NamedRange | undefined =>
  ranges.find((r) => r.network.kind() === address.kind() && address.match(r.network, r.bits));

const METADATA = 'the cloud metadata server';

/**
 * Never probed, whatever an org allows: connecting there reaches the function's own machine or the
 * metadata server, which hands out the service account's tokens. `0.0.0.0` and `::` connect to the
 * local host on Linux, so they count as loopback.
 */
export const NEVER_ALLOWED: readonly NamedRange[] = [
  named('127.0.0.0/8', 'loopback'),
  named('0.0.0.0/8', 'unspecified (reaches the local host)'),
  named('169.254.169.254/32', METADATA),
  named('::1/128', 'loopback'),
  named('::/128', 'unspecified (reaches the local host)'),
  named('fd20:ce::254/128', METADATA),
  named('fd00:ec2::254/128', METADATA),
];

/**
 * Refused unless the org allows them: not reachable from the internet, or not meant to be reached at
 * all. Documentation ranges are here too: nothing real answers there, so a probe aimed at one is a
 * mistake (tests and the local stand-in allow them explicitly).
 */
export const REFUSED_BY_DEFAULT: readonly NamedRange[] = [
  named('10.0.0.0/8', 'private (RFC 1918)'),
  named('172.16.0.0/12', 'private (RFC 1918)'),
  named('192.168.0.0/16', 'private (RFC 1918)'),
  named('100.64.0.0/10', 'carrier-grade NAT (RFC 6598)'),
  named('169.254.0.0/16', 'link-local'),
  named('192.0.0.0/24', 'IETF protocol assignments'),
  named('192.0.2.0/24', 'documentation (TEST-NET-1)'),
  named('198.51.100.0/24', 'documentation (TEST-NET-2)'),
  named('203.0.113.0/24', 'documentation (TEST-NET-3)'),
  named('198.18.0.0/15', 'benchmarking'),
  named('224.0.0.0/4', 'multicast'),
  named('255.255.255.255/32', 'broadcast'),
  named('240.0.0.0/4', 'reserved'),
  named('fe80::/10', 'link-local'),
  named('fc00::/7', 'unique local (private)'),
  named('ff00::/8', 'multicast'),
  named('64:ff9b:1::/48', 'local-use NAT64 (RFC 8215)'),
  named('2001:db8::/32', 'documentation'),
  named('3fff::/20', 'documentation'),
  named('2001:2::/48', 'benchmarking'),
  named('2001::/32', 'Teredo (the IPv4 behind it cannot be judged)'),
  named('2001:20::/28', 'ORCHIDv2 (not routable)'),
  named('100::/64', 'discard-only'),
];

/** IPv6 outside 2000::/3 is not global unicast (embedded IPv4 forms are judged before this). */
export const GLOBAL_UNICAST = named('2000::/3', 'global unicast');

/** IPv6 forms that carry an IPv4 address: judged as the IPv4 they lead to. */
const NAT64 = named('64:ff9b::/96', 'NAT64');
const TRANSLATED = named('::ffff:0:0:0/96', 'IPv4-translated');
const SIX_TO_FOUR = named('2002::/16', '6to4');

export function embeddedIPv4(address: ipaddr.IPv6): { ipv4: ipaddr.IPv4; via: string } | null {
  if (address.isIPv4MappedAddress()) return { ipv4: address.toIPv4Address(), via: 'IPv4-mapped' };
  const bytes = address.toByteArray();
  const inner = rangeOf([NAT64, TRANSLATED], address);
  if (inner) return { ipv4: new ipaddr.IPv4(bytes.slice(12, 16)), via: inner.reason };
  if (rangeOf([SIX_TO_FOUR], address)) return { ipv4: new ipaddr.IPv4(bytes.slice(2, 6)), via: '6to4' };
  return null;
}
