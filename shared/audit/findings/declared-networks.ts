import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Addresses every host has and that say nothing about where it runs. */
const IGNORED_RANGES = new Set(['loopback', 'linkLocal', 'unspecified']);

/** `::ffff:10.0.0.1` is 10.0.0.1: compare it with the IPv4 networks. */
const unmapped = (address: Address): Address =>
  address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress() ? address.toIPv4Address() : address;

function parseAddress(text: string): Address | null {
  // Only the canonical forms: ipaddr.js also reads `10.1` and `0x0a.1.2.3`, which no interface reports.
  if (ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text))
    return unmapped(ipaddr.parse(text));
  return null;
}

function parseNetwork(cidr: string): [Address, number] {
  const [address, prefix] = ipaddr.parseCIDR(cidr);
  if (address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress() && prefix >= 96) {
    return [address.toIPv4Address(), prefix - 96];
  }
  return [address, prefix];
}

/**
 * The org's declared networks as a check: `outside(addresses)` lists the addresses in none of them. An
 * address that does not parse, loopback and link-local are not judged; with no networks declared the
 * check is off (nothing is outside).
 */
export function declaredNetworks(cidrs: readonly string[]): {
  outside(addresses: readonly string[]): string[];
} {
  const networks = cidrs.map(parseNetwork);
  return {
    outside(addresses) {
      if (networks.length === 0) return [];
      return addresses.filter((text) => {
        const address = parseAddress(text);
        if (address === null || IGNORED_RANGES.has(address.range())) return false;
        return !networks.some(([net, prefix]) => net.kind() === address.kind() && address.match(net, prefix));
      });
    },
  };
}
