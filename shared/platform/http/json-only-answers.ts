import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';

/**
 * Some answers never reach a function's code: Express answers a path it cannot percent-decode with an HTML
 * 400 (and logs `Failed to decode param '<path>'`, webhook token included, as a bare stack trace), a
 * request target that is not a path (`*`) with an HTML 404, and Node answers malformed HTTP (headers over
 * 16 KiB, slow headers, an unknown method, Content-Length with Transfer-Encoding) with a bare status line.
 * Installed at module load, before the functions framework builds its app and server, so that every answer
 * is JSON and no path is echoed or logged.
 */
export interface JsonAnswer {
  status: number;
  body: { error: { code: string; message: string } };
}

const answer = (status: number, code: string, message: string): JsonAnswer => ({
  status,
  body: { error: { code, message } },
});

/** What to answer before routing, or undefined when the request target is fine. */
export function unroutableTarget(url: string | undefined): JsonAnswer | undefined {
  if (url === undefined || !url.startsWith('/')) return answer(404, 'not_found', 'no such path');
  const path = url.split('?', 1)[0] ?? '';
  try {
    decodeURIComponent(path);
    return undefined;
  } catch {
    return answer(400, 'invalid_path', 'the request path is not valid percent-encoding');
  }
}

/** Node's parser errors (`clientError`), as the status a client should see. */
export function clientErrorAnswer(code: string | undefined): JsonAnswer {
  if (code === 'HPE_HEADER_OVERFLOW') return answer(431, 'headers_too_large', 'request headers too large');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return answer(408, 'request_timeout', 'request headers too slow');
  return answer(400, 'bad_request', 'malformed HTTP request');
}

function sendOnSocket(socket: Duplex, { status, body }: JsonAnswer): void {
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}

function onClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A reset or half-written socket cannot be answered.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  sendOnSocket(socket, clientErrorAnswer(error.code));
}

type Handle = (this: unknown, req: IncomingMessage, res: ServerResponse, callback?: unknown) => unknown;
const INSTALLED = Symbol.for('msp-ops-pipeline.jsonOnlyAnswers');

export function answerJsonOnly(): void {
  const frameworkRequire = createRequire(require.resolve('@google-cloud/functions-framework'));
  const express = frameworkRequire('express') as { application: { handle: Handle } } & { [INSTALLED]?: true };
  if (express[INSTALLED]) return;
  const handle = express.application.handle;
  express.application.handle = function (req, res, callback) {
    const early = unroutableTarget(req.url);
    if (!early) return handle.call(this, req, res, callback);
    const json = JSON.stringify(early.body);
    res.writeHead(early.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
    });
    res.end(json);
    return undefined;
  };
  const createServer = http.createServer;
  http.createServer = ((...args: Parameters<typeof http.createServer>) =>
    createServer(...args).on('clientError', onClientError)) as typeof http.createServer;
  express[INSTALLED] = true;
}
