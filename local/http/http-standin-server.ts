import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LogFields, Logger } from '../../shared/kernel/log/logger';

export interface HttpStandinServerOptions {
  /** Names the stand-in in errors, as in "SendgridStandin is not started". */
  name: string;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
  /** Prefix of the log events `<events>.started` and `<events>.error`. */
  events: string;
  /** Message of the log line written once listening. */
  listeningMessage: string;
}

/**
 * The listen / port / baseUrl / stop lifecycle the local HTTP stand-ins share; each supplies its routes
 * (`handle`) and its own shape of a 500 (`answerError`).
 */
export abstract class HttpStandinServer {
  protected readonly logger: Logger;
  private readonly http: HttpStandinServerOptions;
  private readonly host: string;
  private server: Server | undefined;
  private boundPort: number | undefined;

  constructor(options: HttpStandinServerOptions) {
    this.http = options;
    this.host = options.host ?? '127.0.0.1';
    this.logger = options.logger;
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  /** Answers a request whose handler threw before sending headers (after that, its socket is destroyed). */
  protected abstract answerError(res: ServerResponse): void;

  /** Fields added to the listening log line. */
  protected listeningFields(): LogFields {
    return {};
  }

  get port(): number {
    if (this.boundPort === undefined) throw new Error(`${this.http.name} is not started`);
    return this.boundPort;
  }

  get baseUrl(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port}`;
  }

  /** Resolves with the bound port once listening. */
  async start(): Promise<number> {
    if (this.server !== undefined) throw new Error(`${this.http.name} is already started`);
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.logger.error('request failed', { event: `${this.http.events}.error`, error });
        if (res.headersSent) res.destroy();
        else this.answerError(res);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.http.port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string')
      throw new Error(`${this.http.name} has no TCP address`);
    this.server = server;
    this.boundPort = address.port;
    this.logger.info(this.http.listeningMessage, {
      event: `${this.http.events}.started`,
      baseUrl: this.baseUrl,
      ...this.listeningFields(),
    });
    return address.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    this.boundPort = undefined;
    const closed = new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
    // Keep-alive sockets and hung requests would otherwise hold close() open.
    server.closeAllConnections();
    await closed;
  }
}
