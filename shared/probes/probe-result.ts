/**
 * One probe run against one host: produced by the runners (http/tcp/dns),
 * turned into Mackerel host metrics by probe-metrics.ts.
 */
export interface ProbeResult {
  probeId: string;
  hostId: string;
  kind: 'http' | 'tcp' | 'dns';
  ok: boolean;
  durationMs: number;
  statusCode?: number;
  /** Certificate notAfter, epoch seconds (https only). */
  tlsNotAfter?: number;
  /** The address actually connected to (after the address policy). */
  address?: string;
  failure?: {
    kind: 'timeout' | 'refused' | 'dns' | 'tls' | 'status' | 'body' | 'latency' | 'policy' | 'error';
    message: string;
  };
}
