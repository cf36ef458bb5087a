import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

export const TCP_BANNER = 'SSH-2.0-standin\r\n';

/** A peer sending this much without a newline is dropped rather than buffered without end. */
const MAX_LINE_BYTES = 64 * 1024;

/**
 * How a down TCP target looks: `refuse` closes the listener (connection refused, reopened on the same
 * port when up again), `reset` keeps listening but destroys each new connection at once.
 */
export type TcpDownMode = 'refuse' | 'reset';

/** Greets with an SSH-like banner, then echoes each line back; can be taken down and up again. */
export class BannerTcpServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly host: string;
  private boundPort: number | undefined;
  private down: TcpDownMode | undefined;
  private listening = false;

  constructor(host: string) {
    this.host = host;
    this.server = createServer((socket) => this.accept(socket));
    // Probes and benchmarks open many connections at once.
    this.server.maxConnections = Number.POSITIVE_INFINITY;
  }

  get port(): number {
    if (this.boundPort === undefined) throw new Error('BannerTcpServer is not started');
    return this.boundPort;
  }

  async start(port: number): Promise<number> {
    await this.listen(port);
    const address = this.server.address();
    if (address === null || typeof address === 'string')
      throw new Error('BannerTcpServer has no TCP address');
    this.boundPort = address.port;
    return address.port;
  }

  /** Down drops the open connections too: a host going away does not keep its sessions. */
  async setDown(down: boolean, mode: TcpDownMode = 'refuse'): Promise<void> {
    const port = this.port;
    this.down = down ? mode : undefined;
    if (down) this.dropConnections();
    if (down && mode === 'refuse') await this.close();
    else if (!this.listening) await this.listen(port);
  }

  async stop(): Promise<void> {
    this.dropConnections();
    await this.close();
    this.boundPort = undefined;
  }

  private accept(socket: Socket): void {
    // A peer resetting must not crash the process.
    socket.on('error', () => undefined);
    if (this.down !== undefined) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.write(TCP_BANNER);
    let pending = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      pending += chunk;
      const end = pending.lastIndexOf('\n');
      if (end < 0) {
        if (pending.length > MAX_LINE_BYTES) socket.destroy();
        return;
      }
      socket.write(pending.slice(0, end + 1));
      pending = pending.slice(end + 1);
    });
  }

  private dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private async listen(port: number): Promise<void> {
    this.server.listen({ port, host: this.host, backlog: 4096 });
    // once() rejects on 'error', e.g. the port taken while the target was down.
    await once(this.server, 'listening');
    this.listening = true;
  }

  private async close(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = once(this.server, 'close');
    this.server.close();
    await closed;
  }
}
