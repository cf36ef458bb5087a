import type { ProbeResult } from '../probe-result';
import type { AddressCheck, AddressGate } from './address-gate';
import { type DnsProbeTarget, dnsProbe } from './dns-probe';
import { type HttpProbeTarget, httpProbe } from './http-probe';
import { type TcpProbeTarget, tcpProbe } from './tcp-probe';

export type RunnableProbe =
  | ({ kind: 'http' } & HttpProbeTarget)
  | ({ kind: 'tcp' } & TcpProbeTarget)
  | ({ kind: 'dns' } & DnsProbeTarget);

export interface ProbeRunnerDeps {
  gate: AddressGate;
  /** The IP-literal check behind `gate`, for DNS resolvers (which are never looked up). */
  checkResolver: AddressCheck;
}

/** The runner for each kind of target, for `runProbes`. */
export const probeRunner =
  (deps: ProbeRunnerDeps) =>
  (target: RunnableProbe): Promise<ProbeResult> => {
    switch (target.kind) {
      case 'http':
        return httpProbe(target, deps);
      case 'tcp':
        return tcpProbe(target, deps);
      case 'dns':
        return dnsProbe(target, deps);
    }
  };
