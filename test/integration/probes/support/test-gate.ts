import {
  type AddressCheck,
  type AddressGate,
  addressGate,
} from '../../../../shared/probes/adapters/address-gate';

/** The test address policy: loopback 127.0.0.1 only (so 169.254.169.254, ::1 and the rest are refused). */
export const loopbackOnly: AddressCheck = (ip) =>
  ip === '127.0.0.1' ? { ok: true } : { ok: false, reason: 'outside the test allow range' };

export interface CountingGate {
  gate: AddressGate;
  /** Every name the gate looked up, in order. */
  lookups: string[];
}

/**
 * The real default gate over a counted, in-memory lookup: `names` maps a name to the addresses it resolves
 * to on each successive lookup (the last repeats), so a rebinding name can answer differently the second time.
 */
export function countingGate(
  names: Record<string, string[]> = { 'probe.test': ['127.0.0.1'] },
): CountingGate {
  const lookups: string[] = [];
  const gate = addressGate(loopbackOnly, {
    checkName: (name) =>
      name === 'localhost' ? { ok: false, reason: 'localhost is internal' } : { ok: true },
    lookup: async (name) => {
      const answers = names[name];
      const seen = lookups.filter((looked) => looked === name).length;
      lookups.push(name);
      const address = answers?.[Math.min(seen, answers.length - 1)];
      if (address === undefined)
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      return [{ address, family: address.includes(':') ? 6 : 4 }];
    },
  });
  return { gate, lookups };
}
