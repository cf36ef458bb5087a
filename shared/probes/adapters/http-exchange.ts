import {
  type ClientRequest,
  request as httpRequest,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { TLSSocket } from 'node:tls';
import { bareHost } from './address-gate';
import { errorCode, failure, type ProbeRun } from './probe-harness';

/** One request of a probe: the URL as written, sent to an address the gate already checked. */
export interface HttpHop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Trust anchors replacing the system store (tests, private CAs). */
  ca?: string;
}

/**
 * Sends `hop` to `address` (not to whatever the URL's name resolves to now: that is the rebinding defence)
 * while Host and TLS SNI/verification keep the URL's name, hands the response to `consume`, and
 * always tears the connection down afterwards. A fresh agent per request: no pooling, no proxy.
 */
export async function exchange<T>(
  hop: HttpHop,
  address: string,
  run: ProbeRun,
  consume: (response: IncomingMessage) => Promise<T>,
): Promise<T> {
  const secure = hop.url.protocol === 'https:';
  const name = bareHost(hop.url.hostname);
  const options: RequestOptions & { servername?: string; ca?: string } = {
    host: address,
    port: hop.url.port || (secure ? 443 : 80),
    path: `${hop.url.pathname}${hop.url.search}`,
    method: hop.method,
    headers: requestHeaders(hop),
    agent: false,
    signal: run.deadline.signal,
    ...(hop.url.username && {
      auth: `${decodeURIComponent(hop.url.username)}:${decodeURIComponent(hop.url.password)}`,
    }),
    // SNI may not be an IP literal; for a literal URL, verification falls back to `host`, the same IP.
    ...(secure && isIP(name) === 0 && { servername: name }),
    ...(secure && hop.ca !== undefined && { ca: hop.ca }),
  };
  const req = (secure ? httpsRequest : httpRequest)(options);
  try {
    const response = await run.deadline.race(responseOf(req, secure, hop.body));
    recordCertificate(response, run);
    return await consume(response);
  } finally {
    req.destroy();
  }
}

function requestHeaders(hop: HttpHop): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'msp-ops-probe' };
  for (const [key, value] of Object.entries(hop.headers)) {
    // Host always comes from the URL, so the virtual host probed is the one configured.
    if (key.toLowerCase() !== 'host') headers[key.toLowerCase()] = value;
  }
  headers.host = hop.url.host;
  if (hop.body !== undefined) headers['content-length'] = String(Buffer.byteLength(hop.body));
  return headers;
}

/** The response, or the request's error; one raised between TCP connect and TLS completion is 'tls'. */
function responseOf(req: ClientRequest, secure: boolean, body: string | undefined): Promise<IncomingMessage> {
  let handshaking = false;
  req.once('socket', (socket) => {
    if (!secure) return;
    socket.once('connect', () => {
      handshaking = true;
    });
    socket.once('secureConnect', () => {
      handshaking = false;
    });
  });
  return new Promise((resolve, reject) => {
    req.once('response', resolve);
    // `on`, not `once`: a late error after the response must not go unlistened (it would crash the process).
    req.on('error', (error) => {
      const code = errorCode(error);
      const tls = handshaking && error.name !== 'AbortError';
      reject(tls ? failure('tls', code ? `${code}: ${error.message}` : error.message) : error);
    });
    req.end(body);
  });
}

/** The leaf's notAfter as epoch seconds, read while the socket is open (also for a failing status). */
function recordCertificate(response: IncomingMessage, run: ProbeRun): void {
  if (!(response.socket instanceof TLSSocket)) return;
  const notAfter = Date.parse(response.socket.getPeerCertificate().valid_to ?? '');
  if (Number.isFinite(notAfter)) run.facts.tlsNotAfter = Math.floor(notAfter / 1000);
}
