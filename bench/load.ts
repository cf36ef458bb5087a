import autocannon from 'autocannon';
import { processCpuMs } from './process-cpu';

export interface LoadResult {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  total: number;
  /** CPU the server process spent per answered request, when its pid is known (Linux). */
  cpuMsPerRequest: number | undefined;
}

export interface LoadOptions {
  label: string;
  url: string;
  body: string;
  durationSeconds: number;
  connections: number;
  /** Fixed offered load; unset means as fast as the server answers. */
  overallRate?: number;
  /** The server's process id, to measure its CPU per request. */
  pid?: number | undefined;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const cpuBefore = processCpuMs(options.pid);
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: options.body,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  });
  return {
    label: options.label,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
    cpuMsPerRequest: cpuPerRequest(cpuBefore, processCpuMs(options.pid), result.requests.total),
  };
}

function cpuPerRequest(
  before: number | undefined,
  after: number | undefined,
  requests: number,
): number | undefined {
  return before === undefined || after === undefined || requests === 0
    ? undefined
    : (after - before) / requests;
}

export function formatRow(r: LoadResult): string {
  return [
    r.label.padEnd(34),
    `${r.requestsPerSecond.toFixed(0).padStart(7)} req/s`,
    `p50 ${r.p50Ms.toFixed(1).padStart(6)} ms`,
    `p99 ${r.p99Ms.toFixed(1).padStart(6)} ms`,
    `non-2xx ${r.non2xx}`,
    `errors ${r.errors}`,
    `server CPU ${r.cpuMsPerRequest === undefined ? 'n/a' : `${r.cpuMsPerRequest.toFixed(3)} ms/req`}`,
  ].join('  ');
}
