import type { IncomingMessage } from 'node:http';

export type RequestBody = { kind: 'ok'; body: Buffer } | { kind: 'too-large' };

/**
 * Reads a whole request body. Past `limit` it keeps draining without storing, so the client is still
 * answered (a 413) instead of seeing its upload cut off.
 */
export function readRequestBody(req: IncomingMessage, limit: number): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(size > limit ? { kind: 'too-large' } : { kind: 'ok', body: Buffer.concat(chunks) }),
    );
    req.on('error', reject);
    // 'close' without 'end' means the client went away; settling here keeps the handler from hanging.
    req.on('close', () => reject(new Error('request closed before its body was complete')));
  });
}
