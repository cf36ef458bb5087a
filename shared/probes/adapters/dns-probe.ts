import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ProbeResult } from '../probe-result';
import type { AddressCheck } from './address-gate';
import { ask, type DnsRcode, type DnsRecordType, missingAnswers } from './dns-answers';
import { failure, settleProbe } from './probe-harness';

export type { DnsRcode, DnsRecordType } from './dns-answers';

export interface DnsProbeTarget {
  probeId: string;
  hostId: string;
  /** The customer's resolver, as an IP literal: a name here would need a resolver to find the resolver. */
  resolver: { address: string; port: number };
  name: string;
  type: DnsRecordType;
  /** Every value must be among the answers. */
  expect?: string[];
  rcode: DnsRcode;
  timeoutMs: number;
}

export interface DnsProbeDeps {
  /** The address policy on the resolver IP (a resolver at 169.254.169.254 is refused). */
  checkResolver: AddressCheck;
}

export function dnsProbe(target: DnsProbeTarget, deps: DnsProbeDeps): Promise<ProbeResult> {
  const identity = { probeId: target.probeId, hostId: target.hostId, kind: 'dns' } as const;
  return settleProbe(identity, target.timeoutMs, async (run) => {
    const { address, port } = target.resolver;
    const family = isIP(address);
    if (family === 0) throw failure('policy', 'resolver must be an IP address');
    const checked = deps.checkResolver(address);
    if (!checked.ok) throw failure('policy', `resolver ${address} refused: ${checked.reason}`);
    run.facts.address = address;
    // One try within what is left of the budget: c-ares' own retries would outlive the deadline.
    const resolver = new Resolver({ timeout: run.deadline.remaining(), tries: 1 });
    resolver.setServers([family === 6 ? `[${address}]:${port}` : `${address}:${port}`]);
    try {
      const answer = await run.deadline.race(ask(resolver, target.name, target.type));
      run.facts.durationMs = run.elapsed();
      if (answer.rcode !== target.rcode)
        throw failure('dns', `rcode ${answer.rcode}, expected ${target.rcode}`);
      const missing = missingAnswers(target.type, target.expect ?? [], answer);
      if (missing.length > 0) throw failure('body', `answers lack ${missing.join(', ')}`);
    } finally {
      resolver.cancel();
    }
  });
}
