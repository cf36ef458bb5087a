import { BlockList, isIP } from 'node:net';

export interface IpAllowlist {
  allows(ip: string | undefined): boolean;
}

/** CIDRs such as Mackerel's published outgoing ranges; a bare address counts as a /32 or /128. */
export function createIpAllowlist(cidrs: readonly string[]): IpAllowlist {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = '', prefixText, ...extra] = cidr.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`not an IP range: ${cidr}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    // Digits only: Number('') is 0, so a stray trailing slash would otherwise allow every address.
    const digits = prefixText === undefined || /^\d{1,3}$/.test(prefixText);
    const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText);
    if (!digits || extra.length > 0 || prefix > (family === 4 ? 32 : 128)) {
      throw new Error(`bad prefix length in ${cidr}`);
    }
    list.addSubnet(address, prefix, type);
  }
  return {
    allows(ip) {
      if (ip === undefined) return false;
      const family = isIP(ip);
      return family !== 0 && list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
