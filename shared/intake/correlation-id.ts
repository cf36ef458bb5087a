import { randomUUID } from 'node:crypto';

/**
 * Reuse the trace id Google's front end puts on the request so our logs join the request log;
 * otherwise mint one. It travels on as a Pub/Sub attribute.
 */
export function correlationIdFrom(headers: {
  cloudTraceContext?: string | undefined;
  traceparent?: string | undefined;
}): string {
  const cloud = headers.cloudTraceContext?.match(/^([0-9a-f]{32})\//i)?.[1];
  if (cloud) return cloud.toLowerCase();
  const w3c = headers.traceparent?.match(/^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/i)?.[1];
  if (w3c) return w3c.toLowerCase();
  return randomUUID().replace(/-/g, '');
}
