import type { ProbeResult } from '../probe-result';
import type { AddressGate } from './address-gate';
import { type Deadline, startDeadline } from './deadline';

export type FailureKind = NonNullable<ProbeResult['failure']>['kind'];

/** A check that failed for a known reason; anything else a runner throws is classified by `describe`. */
export class ProbeFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'ProbeFailure';
  }
}

export const failure = (kind: FailureKind, message: string): ProbeFailure => new ProbeFailure(kind, message);

export type ProbeIdentity = Pick<ProbeResult, 'probeId' | 'hostId' | 'kind'>;

/** What a runner learned on the way; kept on the result even when a later check fails. */
export type ProbeFacts = Partial<Pick<ProbeResult, 'statusCode' | 'tlsNotAfter' | 'address' | 'durationMs'>>;

export interface ProbeRun {
  readonly deadline: Deadline;
  readonly facts: ProbeFacts;
  /** Milliseconds since the probe started. */
  elapsed(): number;
  /** What a passed deadline means at this point, when not a plain 'timeout' (e.g. a reply that never matched). */
  onTimeout?: () => ProbeFailure | undefined;
}

/** getaddrinfo / c-ares codes that mean "the name did not resolve", not "the host is down". */
const DNS_ERROR_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'ENODATA', 'ESERVFAIL']);

export const errorCode = (error: unknown): string | undefined => {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' ? code : undefined;
};

/** Node's socket and resolver messages name the address and the code, never request headers or bodies. */
export function describe(error: unknown): ProbeFailure {
  if (error instanceof ProbeFailure) return error;
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') return failure('refused', message);
  if (code && DNS_ERROR_CODES.has(code)) return failure('dns', message);
  return failure('error', code && !message.includes(code) ? `${code}: ${message}` : message);
}

/**
 * Runs one probe body under one deadline and always settles to a ProbeResult: a passed deadline is
 * 'timeout' whatever error it surfaced as, `classify` names runner-specific errors (TLS), the rest
 * goes through `describe`.
 */
export async function settleProbe(
  identity: ProbeIdentity,
  timeoutMs: number,
  body: (run: ProbeRun) => Promise<void>,
  classify: (error: unknown) => ProbeFailure | undefined = () => undefined,
): Promise<ProbeResult> {
  const started = performance.now();
  const deadline = startDeadline(timeoutMs);
  const run: ProbeRun = { deadline, facts: {}, elapsed: () => performance.now() - started };
  let failed: ProbeFailure | undefined;
  try {
    await deadline.race(body(run));
  } catch (error) {
    if (error instanceof ProbeFailure) failed = error;
    else if (deadline.expired())
      failed = run.onTimeout?.() ?? failure('timeout', `no result within ${timeoutMs} ms`);
    else failed = classify(error) ?? describe(error);
  } finally {
    deadline.dispose();
  }
  const { durationMs = run.elapsed(), ...facts } = run.facts;
  return {
    ...identity,
    ok: failed === undefined,
    durationMs,
    ...definedOnly(facts),
    ...(failed && { failure: { kind: failed.kind, message: failed.message } }),
  };
}

/** Passes `host` through the gate once; the returned address is the only one the runner may dial. */
export async function admit(gate: AddressGate, host: string, run: ProbeRun): Promise<string> {
  const verdict = await run.deadline.race(gate(host));
  if (!verdict.ok) throw failure('policy', `${host} refused: ${verdict.reason}`);
  run.facts.address = verdict.address;
  return verdict.address;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `pattern` against `text` without the lastIndex state a /g or /y pattern would carry between runs. */
export const matches = (pattern: RegExp, text: string): boolean =>
  new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).test(text);
