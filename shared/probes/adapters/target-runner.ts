import { checkAddress, checkHostname } from '../address-policy';
import type { TargetRunner } from '../probe-ports';
import { addressGate, type LookupAll } from './address-gate';
import { probeRunner } from './run-probe';
import { runProbes } from './run-probes';
import { runnableOf } from './runnable-probe';

export interface TargetRunnerOptions {
  concurrency: number;
  roundDeadlineMs: number;
  /** The local stack only (PROBE_ALLOW_LOOPBACK): its stand-in targets listen on 127.0.0.1. */
  allowLoopback?: boolean;
  /** Injected for tests; the system resolver otherwise. */
  lookup?: LookupAll;
}

/** Runs an org's targets under its address policy: one lookup per target, the checked address connected to. */
export function targetRunner(options: TargetRunnerOptions): TargetRunner {
  const loopback = { allowLoopback: options.allowLoopback === true };
  return async (targets, settings) => {
    const check = (ip: string) => checkAddress(ip, settings.allowRanges, loopback);
    const gate = addressGate(check, {
      checkName: checkHostname,
      ...(options.lookup ? { lookup: options.lookup } : {}),
    });
    const { results, timing } = await runProbes(
      targets.map(runnableOf),
      probeRunner({ gate, checkResolver: check }),
      {
        concurrency: options.concurrency,
        roundDeadlineMs: options.roundDeadlineMs,
      },
    );
    return { results, timing };
  };
}
