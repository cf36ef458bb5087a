import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { KeyPair } from './tls-fixtures';

export interface SeenRequest {
  method: string;
  path: string;
  host: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
  /** SNI the client sent (https only). */
  servername: string | undefined;
}

export interface RunningServer {
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void;

/** Listens on 127.0.0.1 on a free port; `close` also drops open (e.g. hanging) connections. */
async function listening(server: Server): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP (or, with `tls`, HTTPS) server that records each request (body read) before `handler` answers. */
export async function startHttpServer(handler: Handler, tls?: KeyPair): Promise<RunningServer> {
  const requests: SeenRequest[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        host: req.headers.host,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        servername: tls ? (req.socket as TLSSocket).servername || undefined : undefined,
      };
      requests.push(seen);
      handler(req, res, seen);
    });
  };
  const server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, onRequest)
    : createHttpServer(onRequest);
  return { requests, ...(await listening(server)) };
}

/** A raw TCP server; `onConnection` plays the protocol. */
export async function startTcpServer(onConnection: (socket: Socket) => void): Promise<RunningServer> {
  const server = createTcpServer((socket) => {
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  return { requests: [], ...(await listening(server)) };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const { port, close } = await listening(createTcpServer());
  await close();
  return port;
}
