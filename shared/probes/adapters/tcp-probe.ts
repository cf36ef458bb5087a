import { connect, type Socket } from 'node:net';
import type { ProbeResult } from '../probe-result';
import type { AddressGate } from './address-gate';
import { readCapped } from './capped-read';
import { admit, failure, matches, type ProbeRun, settleProbe } from './probe-harness';

export interface TcpProbeTarget {
  probeId: string;
  hostId: string;
  host: string;
  port: number;
  /** Written once connected (e.g. a protocol greeting). */
  send?: string;
  /** Matched against what the peer sends (a banner, or the reply to `send`). */
  expect?: RegExp;
  timeoutMs: number;
}

export interface TcpProbeDeps {
  gate: AddressGate;
}

/** Bytes of reply kept for `expect`; a banner that has not matched by then will not. */
export const TCP_READ_CAP = 4 * 1024;

export function tcpProbe(target: TcpProbeTarget, deps: TcpProbeDeps): Promise<ProbeResult> {
  const identity = { probeId: target.probeId, hostId: target.hostId, kind: 'tcp' } as const;
  return settleProbe(identity, target.timeoutMs, async (run) => {
    const address = await admit(deps.gate, target.host, run);
    const socket = connect({ host: address, port: target.port });
    // Errors reach the probe through the promises below; an unlistened 'error' event would crash the process.
    socket.on('error', () => undefined);
    try {
      await run.deadline.race(connected(socket));
      if (target.send !== undefined) await run.deadline.race(written(socket, target.send));
      if (target.expect) await expectReply(socket, target.expect, run);
      run.facts.durationMs = run.elapsed();
    } finally {
      socket.destroy();
    }
  });
}

/** Reads until `expect` matches; a reply that ends, fills the cap or stalls unmatched is 'body'. */
async function expectReply(socket: Socket, expect: RegExp, run: ProbeRun): Promise<void> {
  const test = (data: Buffer) => matches(expect, data.toString('latin1'));
  let received = 0;
  // Silence until the deadline is a timeout; something received but never matching is a mismatch.
  run.onTimeout = () =>
    received > 0
      ? failure('body', `reply does not match ${expect} within the deadline (${received} bytes)`)
      : undefined;
  const read = await run.deadline.race(
    readCapped(socket, TCP_READ_CAP, (data) => {
      received = data.length;
      return test(data);
    }),
  );
  if (read.stop !== 'match' && !test(read.data)) {
    throw failure('body', `reply does not match ${expect} (${read.data.length} bytes, ${read.stop})`);
  }
}

const connected = (socket: Socket): Promise<void> =>
  new Promise((resolve, reject) => {
    socket.once('connect', () => resolve()).once('error', reject);
  });

const written = (socket: Socket, data: string): Promise<void> =>
  new Promise((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));
