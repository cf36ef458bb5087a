import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Verdict of the address policy on one IP literal (shaped like address-policy.ts `checkAddress`). */
export type AddressCheck = (ip: string) => { ok: true } | { ok: false; reason: string };

export type GateVerdict = { ok: true; address: string; family: 4 | 6 } | { ok: false; reason: string };

/**
 * Resolves a name ONCE and returns the address to connect to, or refuses (policy).
 * A failed lookup rejects (with the resolver's error code) so runners can tell 'dns' from 'policy'.
 */
export type AddressGate = (hostOrIp: string) => Promise<GateVerdict>;

export type LookupAll = (name: string) => Promise<readonly { address: string; family: number }[]>;

export interface AddressGateOptions {
  /** Name-level policy (e.g. address-policy.ts `checkHostname`), applied before any lookup. */
  checkName?: (name: string) => { ok: true } | { ok: false; reason: string };
  /** Injected for tests; defaults to the system resolver (getaddrinfo), every address of the name. */
  lookup?: LookupAll;
}

const systemLookup: LookupAll = (name) => lookup(name, { all: true });

/** URL hostnames keep IPv6 literals in brackets; sockets want them bare. */
export const bareHost = (host: string): string => host.replace(/^\[(.*)\]$/, '$1');

/**
 * The default gate: IP literals are checked as they are; a name is resolved once and refused when ANY of
 * its addresses is refused (a name that mixes public and internal addresses is a rebinding attempt).
 */
export function addressGate(check: AddressCheck, options: AddressGateOptions = {}): AddressGate {
  const resolveAll = options.lookup ?? systemLookup;
  return async (hostOrIp) => {
    const host = bareHost(hostOrIp);
    const literal = isIP(host);
    if (literal === 4 || literal === 6) return verdict(check, host, literal);
    const named = options.checkName?.(host);
    if (named && !named.ok) return named;
    const addresses = await resolveAll(host);
    const first = addresses[0];
    if (!first) return { ok: false, reason: 'name has no address' };
    for (const { address } of addresses) {
      const checked = check(address);
      if (!checked.ok) return checked;
    }
    return { ok: true, address: first.address, family: first.family === 6 ? 6 : 4 };
  };
}

function verdict(check: AddressCheck, address: string, family: 4 | 6): GateVerdict {
  const checked = check(address);
  return checked.ok ? { ok: true, address, family } : checked;
}
