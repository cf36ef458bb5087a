import { mapLimited } from '../../kernel/map-limited';
import type { ProbeResult } from '../probe-result';
import { DeadlineExceeded, startDeadline } from './deadline';
import type { FailureKind, ProbeIdentity } from './probe-harness';
import type { RunnableProbe } from './run-probe';

export interface RoundOptions {
  /** Probes in flight at once. */
  concurrency: number;
  /** The whole round's budget: probes not finished (or not started) by then settle as 'timeout'. */
  roundDeadlineMs: number;
}

/** Figures for the benchmark: wall-clock bounds of the round and the concurrency actually reached. */
export interface RoundTiming {
  startedAt: number;
  finishedAt: number;
  elapsedMs: number;
  maxInFlight: number;
}

export interface RoundOutcome {
  results: ProbeResult[];
  timing: RoundTiming;
}

/**
 * Runs every target with at most `concurrency` in flight; every probe settles (a runner that throws is
 * failure 'error', one still running at the round deadline 'timeout') and results keep input order.
 * A probe abandoned at the round deadline is bounded by its own timeoutMs.
 */
export async function runProbes<T extends ProbeIdentity = RunnableProbe>(
  targets: readonly T[],
  run: (target: T) => Promise<ProbeResult>,
  options: RoundOptions,
): Promise<RoundOutcome> {
  const startedAt = Date.now();
  const started = performance.now();
  const round = startDeadline(options.roundDeadlineMs);
  let inFlight = 0;
  let maxInFlight = 0;
  const settle = async (target: T): Promise<ProbeResult> => {
    if (round.expired())
      return settledAs(target, 0, 'timeout', 'round deadline passed before the probe started');
    const began = performance.now();
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      // `then`, so a runner that throws synchronously is caught like one that rejects.
      return await round.race(Promise.resolve(target).then(run));
    } catch (error) {
      const durationMs = performance.now() - began;
      if (error instanceof DeadlineExceeded)
        return settledAs(target, durationMs, 'timeout', 'round deadline passed');
      return settledAs(target, durationMs, 'error', messageOf(error));
    } finally {
      inFlight--;
    }
  };
  try {
    const results = await mapLimited(targets, Math.max(1, options.concurrency), settle);
    const finishedAt = Date.now();
    return {
      results,
      timing: { startedAt, finishedAt, elapsedMs: performance.now() - started, maxInFlight },
    };
  } finally {
    round.dispose();
  }
}

const identityOf = ({ probeId, hostId, kind }: ProbeIdentity): ProbeIdentity => ({ probeId, hostId, kind });

const settledAs = (
  target: ProbeIdentity,
  durationMs: number,
  kind: FailureKind,
  message: string,
): ProbeResult => ({
  ...identityOf(target),
  ok: false,
  durationMs,
  failure: { kind, message },
});

const messageOf = (error: unknown): string =>
  `runner failed: ${error instanceof Error ? error.message : String(error)}`;
