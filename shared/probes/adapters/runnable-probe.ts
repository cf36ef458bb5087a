import { statusMatches } from '../expect-status';
import type { ProbeTarget } from '../probe-targets';
import type { RunnableProbe } from './run-probe';

/** A rendered target as the runners take it: status lists become a predicate, patterns RegExps. */
export function runnableOf(target: ProbeTarget): RunnableProbe {
  const { probeId, hostId, timeoutMs } = target;
  if (target.kind === 'http') {
    return {
      kind: 'http',
      probeId,
      hostId,
      url: target.url,
      method: target.method,
      headers: target.headers,
      ...(target.body !== undefined ? { body: target.body } : {}),
      expectStatus: (code) => statusMatches(target.expectStatus, code),
      ...(target.bodyRegex !== undefined ? { bodyRegex: new RegExp(target.bodyRegex) } : {}),
      ...(target.maxLatencyMs !== undefined ? { maxLatencyMs: target.maxLatencyMs } : {}),
      followRedirects: target.followRedirects,
      timeoutMs,
      // The system's trust store (NODE_EXTRA_CA_CERTS adds the local stand-in's CA).
      tls: {},
    };
  }
  if (target.kind === 'tcp') {
    return {
      kind: 'tcp',
      probeId,
      hostId,
      host: target.host,
      port: target.port,
      ...(target.send !== undefined ? { send: target.send } : {}),
      ...(target.expect !== undefined ? { expect: new RegExp(target.expect) } : {}),
      timeoutMs,
    };
  }
  return {
    kind: 'dns',
    probeId,
    hostId,
    resolver: target.resolver,
    name: target.name,
    type: target.type,
    ...(target.expect !== undefined ? { expect: target.expect } : {}),
    rcode: target.rcode,
    timeoutMs,
  };
}
