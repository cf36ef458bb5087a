import type { IncomingMessage } from 'node:http';
import type { ProbeResult } from '../probe-result';
import type { AddressGate } from './address-gate';
import { readCapped } from './capped-read';
import { exchange, type HttpHop } from './http-exchange';
import { isRedirect, redirectedHop, webUrl } from './http-redirect';
import { admit, failure, matches, type ProbeRun, settleProbe } from './probe-harness';

export interface HttpProbeTarget {
  probeId: string;
  hostId: string;
  url: string;
  method: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  expectStatus: (code: number) => boolean;
  bodyRegex?: RegExp;
  maxLatencyMs?: number;
  /** Redirects followed (0..5); each Location goes through the gate again. */
  followRedirects: number;
  /** One budget for lookups, connects, TLS, every redirect and the body. */
  timeoutMs: number;
  tls: { ca?: string };
}

export interface HttpProbeDeps {
  gate: AddressGate;
}

/** Hard ceiling whatever the target says: each hop costs a lookup and a connect from the same budget. */
const MAX_REDIRECTS = 5;

/** Bytes of body kept for the regex; the rest is never read. */
export const HTTP_BODY_CAP = 64 * 1024;

type HopOutcome = { next: HttpHop } | { status: number; body: Buffer; redirectLimited: boolean };

export function httpProbe(target: HttpProbeTarget, deps: HttpProbeDeps): Promise<ProbeResult> {
  const identity = { probeId: target.probeId, hostId: target.hostId, kind: 'http' } as const;
  return settleProbe(identity, target.timeoutMs, async (run) => {
    let hop: HttpHop = {
      url: webUrl(target.url),
      method: target.method,
      headers: target.headers ?? {},
      body: target.body,
      ca: target.tls.ca,
    };
    for (let redirects = 0; ; redirects++) {
      const address = await admit(deps.gate, hop.url.hostname, run);
      const outcome = await exchange(hop, address, run, (response) =>
        settleHop(hop, response, run, redirects < Math.min(target.followRedirects, MAX_REDIRECTS)),
      );
      if ('next' in outcome) hop = outcome.next;
      else return judge(target, outcome, run);
    }
  });
}

async function settleHop(
  hop: HttpHop,
  response: IncomingMessage,
  run: ProbeRun,
  mayFollow: boolean,
): Promise<HopOutcome> {
  const status = response.statusCode ?? 0;
  run.facts.statusCode = status;
  const location = response.headers.location;
  const redirect = isRedirect(status, location);
  if (redirect && mayFollow) return { next: redirectedHop(hop, status, location) };
  const read = await run.deadline.race(readCapped(response, HTTP_BODY_CAP));
  if (read.stop === 'closed') throw failure('error', 'connection closed before the response ended');
  run.facts.durationMs = run.elapsed();
  return { status, body: read.data, redirectLimited: redirect };
}

/** Status, then body, then latency: the first broken expectation is the one reported. */
function judge(
  target: HttpProbeTarget,
  outcome: Exclude<HopOutcome, { next: HttpHop }>,
  run: ProbeRun,
): void {
  if (!target.expectStatus(outcome.status)) {
    const limit = outcome.redirectLimited ? ` (redirect limit ${target.followRedirects} reached)` : '';
    throw failure('status', `unexpected status ${outcome.status}${limit}`);
  }
  if (target.bodyRegex && !matches(target.bodyRegex, outcome.body.toString('utf8'))) {
    throw failure('body', `body does not match ${target.bodyRegex} (${outcome.body.length} bytes read)`);
  }
  const durationMs = run.facts.durationMs ?? run.elapsed();
  if (target.maxLatencyMs !== undefined && durationMs > target.maxLatencyMs) {
    throw failure('latency', `${Math.round(durationMs)} ms, over ${target.maxLatencyMs} ms`);
  }
}
