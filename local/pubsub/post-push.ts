import { request } from 'node:http';

export type PushResult =
  | { outcome: 'acked' | 'nacked'; status: number }
  | { outcome: 'timeout' }
  | { outcome: 'error'; error: string };

/** Status codes a push endpoint acknowledges with; any other status is a nack. */
const ACK_STATUSES = new Set([102, 200, 201, 202, 204]);

/**
 * One push request. Never rejects: a slow endpoint is a timeout, a refused or reset connection an error.
 * `agent: false` opens a fresh connection per push, so nothing pooled outlives the server and a restarted
 * endpoint never meets a stale keep-alive socket.
 */
export function postPush(
  url: URL,
  body: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<PushResult> {
  return new Promise((resolve) => {
    const payload = Buffer.from(body);
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        signal,
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
      },
      (res) => {
        clearTimeout(timer);
        res.resume();
        const status = res.statusCode ?? 0;
        resolve({ outcome: ACK_STATUSES.has(status) ? 'acked' : 'nacked', status });
      },
    );
    const timer = setTimeout(() => {
      resolve({ outcome: 'timeout' });
      req.destroy();
    }, timeoutMs);
    // 102 Processing is interim in HTTP but Pub/Sub takes it as an ack; the final answer no longer matters.
    req.on('information', (info) => {
      if (info.statusCode !== 102) return;
      clearTimeout(timer);
      resolve({ outcome: 'acked', status: 102 });
      req.destroy();
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      resolve({ outcome: 'error', error: error.message });
    });
    req.end(payload);
  });
}
