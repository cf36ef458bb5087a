import ipaddr from 'ipaddr.js';
import { isIpLiteral } from './host-port';
import {
  type Address,
  embeddedIPv4,
  GLOBAL_UNICAST,
  type NamedRange,
  NEVER_ALLOWED,
  REFUSED_BY_DEFAULT,
  rangeOf,
} from './refused-ranges';

/**
 * Where a probe may connect. Probes run inside our project with its service account: a definition (or
 * a customer's DNS) pointing at loopback, the metadata server or a private range would make them a way
 * into our network (SSRF). Only addresses are judged, after the one lookup the connection then uses.
 */

export type AddressVerdict = { ok: true } | { ok: false; reason: string };

const refuse = (reason: string): AddressVerdict => ({ ok: false, reason });

/** Ranges that do not parse are skipped: probe settings validate them before they are stored. */
function allowList(allowRanges: readonly string[]): NamedRange[] {
  return allowRanges
    .filter((cidr) => ipaddr.isValidCIDR(cidr))
    .map((cidr) => {
      const [network, bits] = ipaddr.parseCIDR(cidr);
      return { network, bits, reason: 'allowed' };
    });
}

export interface AddressPolicyOptions {
  /** The local stack's stand-in targets listen on loopback; never set in Google Cloud. */
  allowLoopback?: boolean;
}

/** One IP address, as a lookup returned it or a definition wrote it. */
export function checkAddress(
  ip: string,
  allowRanges: readonly string[],
  options: AddressPolicyOptions = {},
): AddressVerdict {
  if (!isIpLiteral(ip)) return refuse(`${ip} is not an IP address`);
  const address = ipaddr.parse(ip);
  const inner = address instanceof ipaddr.IPv6 ? embeddedIPv4(address) : null;
  // `::ffff:10.0.0.1`, `64:ff9b::a00:1` and `2002:a00:1::` lead to 10.0.0.1: that is what is judged.
  const judged: Address = inner?.ipv4 ?? address;
  const label = inner ? `${ip} (${inner.via} ${judged.toString()})` : ip;
  const never = rangeOf(NEVER_ALLOWED, judged) ?? rangeOf(NEVER_ALLOWED, address);
  if (never) {
    if (options.allowLoopback && never.reason === 'loopback') return { ok: true };
    return refuse(`${label} is ${never.reason}: never probed`);
  }
  const allowed = allowList(allowRanges);
  if (rangeOf(allowed, judged) || rangeOf(allowed, address)) return { ok: true };
  const refused =
    rangeOf(REFUSED_BY_DEFAULT, judged) ??
    (judged.kind() === 'ipv6' && !rangeOf([GLOBAL_UNICAST], judged)
      ? { reason: 'not global unicast' }
      : undefined);
  if (refused) return refuse(`${label} is ${refused.reason} (an org can allow it in its probe settings)`);
  return { ok: true };
}

/** Names of the metadata server and of the local host: refused before any lookup. */
const REFUSED_NAMES: Record<string, string> = {
  metadata: 'the cloud metadata server',
  'metadata.google.internal': 'the cloud metadata server',
  localhost: 'the local host',
};

export function checkHostname(name: string): AddressVerdict {
  const normal = name.trim().toLowerCase().replace(/\.+$/, '');
  if (normal === '') return refuse('empty host name');
  const known = REFUSED_NAMES[normal] ?? (normal.endsWith('.localhost') ? 'the local host' : undefined);
  return known ? refuse(`${name} is ${known}: never probed`) : { ok: true };
}

export interface RefusedAddress {
  address: string;
  reason: string;
}

export type Resolution =
  | { ok: true; address: string; refused: RefusedAddress[] }
  | { ok: false; failure: 'dns' | 'policy'; message: string; refused: RefusedAddress[] };

/** URL hostnames keep IPv6 in brackets (`new URL('http://[::1]/').hostname` is `[::1]`). */
const unbracketed = (name: string) => (/^\[.*\]$/.test(name) ? name.slice(1, -1) : name);

/**
 * The address to connect to: the first one allowed, from a single lookup. The caller connects to that
 * address and nothing else, so a name that answers differently the second time (DNS rebinding) cannot
 * steer the connection. An IP literal is judged without a lookup.
 */
export async function resolveAndCheck(
  name: string,
  lookup: (name: string) => Promise<string[]>,
  allowRanges: readonly string[],
): Promise<Resolution> {
  const literal = unbracketed(name);
  const candidates = isIpLiteral(literal) ? [literal] : null;
  if (candidates === null) {
    const byName = checkHostname(name);
    if (!byName.ok) return { ok: false, failure: 'policy', message: byName.reason, refused: [] };
  }
  let addresses: string[];
  try {
    addresses = candidates ?? (await lookup(name));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, failure: 'dns', message: `${name} did not resolve: ${why}`, refused: [] };
  }
  if (addresses.length === 0) {
    return { ok: false, failure: 'dns', message: `${name} resolved to no address`, refused: [] };
  }
  const refused: RefusedAddress[] = [];
  let chosen: string | undefined;
  for (const address of addresses) {
    const verdict = checkAddress(address, allowRanges);
    if (!verdict.ok) refused.push({ address, reason: verdict.reason });
    else chosen ??= address;
  }
  if (chosen !== undefined) return { ok: true, address: chosen, refused };
  const message =
    candidates !== null
      ? (refused[0]?.reason ?? name)
      : `${name} resolved only to refused addresses: ${refused.map((r) => r.reason).join('; ')}`;
  return { ok: false, failure: 'policy', message, refused };
}
