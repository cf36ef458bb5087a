/**
 * Local stand-in for the hosts external probes check, all on 127.0.0.1 (each port 0 unless given):
 *
 * - HTTP, and HTTPS when the openssl CLI is there (a fresh self-signed cert for probe.local and
 *   127.0.0.1): per-target status, latency, body or a dropped connection, set through `/_control`
 *   (routes in target-http-handler.ts) or the methods below.
 * - TCP: an SSH-like banner, then an echo of each line; can refuse or reset while "down".
 * - DNS (UDP): a small zone (`DEFAULT_PROBE_ZONE`) that can be changed live.
 *
 * The HTTP side is sized for a benchmark of many orgs' probes at once: no connection cap, a deep
 * accept backlog, keep-alive longer than clients' own, no per-request logs.
 */
import { once } from 'node:events';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createLogger, type Logger } from '../../shared/kernel/log/logger';
import { BannerTcpServer, type TcpDownMode } from './banner-tcp-server';
import { type RunningDnsServer, startDnsServer, type ZoneRecord } from './dns-standin';
import { LatencyTimers } from './latency-timers';
import { generateSelfSignedCert, type SelfSignedCert } from './self-signed-cert';
import type { TargetBehaviour, TargetBehaviourInput } from './target-behaviour';
import { TargetBook } from './target-book';
import { targetRequestHandler } from './target-http-handler';

export type { TcpDownMode } from './banner-tcp-server';
export { TCP_BANNER } from './banner-tcp-server';
export type { RunningDnsServer, ZoneRecord } from './dns-standin';
export { STANDIN_CERT_NAME } from './self-signed-cert';
export {
  DEFAULT_TARGET_BEHAVIOUR,
  type TargetBehaviour,
  type TargetBehaviourInput,
} from './target-behaviour';

const HOST = '127.0.0.1';
const LISTEN_BACKLOG = 4096;
/** Longer than undici's (fetch's) 4 s idle keep-alive, so the server never closes a socket mid-reuse. */
const KEEP_ALIVE_TIMEOUT_MS = 10_000;
const HEADERS_TIMEOUT_MS = 15_000;

export const DEFAULT_PROBE_ZONE: Readonly<Record<string, ZoneRecord>> = {
  'www.probe.local': { type: 'A', address: '192.0.2.10' },
  'db.probe.local': { type: 'A', address: '192.0.2.20' },
};

export interface ProbeTargetStandinOptions {
  /** Fixed ports, e.g. for `npm start`; each defaults to 0 (a free one). */
  httpPort?: number;
  httpsPort?: number;
  tcpPort?: number;
  dnsPort?: number;
  /** Set false to skip HTTPS (and the openssl run) even when openssl is installed. */
  https?: boolean;
  /** Validity of the self-signed cert; 30 unless given. */
  certDays?: number;
  /** The DNS zone at start; DEFAULT_PROBE_ZONE unless given. */
  zone?: Record<string, ZoneRecord>;
  logger?: Logger;
}

interface Running {
  http: Server;
  https: { server: Server; cert: SelfSignedCert } | undefined;
  tcp: BannerTcpServer;
  dns: RunningDnsServer;
  timers: LatencyTimers;
}

function tunedForLoad(server: Server): Server {
  server.maxConnections = Number.POSITIVE_INFINITY;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  return server;
}

async function listen(server: Server, port: number): Promise<number> {
  server.listen({ port, host: HOST, backlog: LISTEN_BACKLOG });
  // once() rejects on 'error': a taken fixed port fails start().
  await once(server, 'listening');
  return portOf(server);
}

async function close(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = once(server, 'close');
  server.close();
  // Keep-alive sockets and requests waiting out their latency would otherwise hold close() open.
  server.closeAllConnections();
  await closed;
}

export class ProbeTargetStandin {
  private readonly options: ProbeTargetStandinOptions;
  private readonly logger: Logger;
  private readonly book = new TargetBook();
  private running: Running | undefined;

  constructor(options: ProbeTargetStandinOptions = {}) {
    this.options = options;
    this.logger = options.logger ?? createLogger({ component: 'probe-target-standin' });
  }

  async start(): Promise<void> {
    if (this.running !== undefined) throw new Error('ProbeTargetStandin is already started');
    const timers = new LatencyTimers();
    const handler = targetRequestHandler({ book: this.book, timers, logger: this.logger });
    const started: Partial<Running> = { timers };
    try {
      started.http = tunedForLoad(createHttpServer(handler));
      await listen(started.http, this.options.httpPort ?? 0);
      started.https = await this.startHttps(handler);
      started.tcp = new BannerTcpServer(HOST);
      await started.tcp.start(this.options.tcpPort ?? 0);
      started.dns = await startDnsServer(this.options.zone ?? DEFAULT_PROBE_ZONE, {
        host: HOST,
        port: this.options.dnsPort ?? 0,
      });
    } catch (error) {
      // A taken fixed port must not leave the others bound.
      await stopAll(started);
      throw error;
    }
    this.running = started as Running;
    this.logger.info('probe target stand-in listening', {
      event: 'probe-target-standin.started',
      httpUrl: this.httpUrl,
      httpsUrl: this.httpsUrl,
      tcpPort: this.tcpPort,
      dns: `${this.dnsAddress}:${this.dnsPort}`,
    });
  }

  /** Closes every listener and connection (keep-alive ones too) and deletes the cert's temp dir. */
  async stop(): Promise<void> {
    const running = this.running;
    if (running === undefined) return;
    this.running = undefined;
    await stopAll(running);
  }

  get httpUrl(): string {
    return `http://${HOST}:${portOf(this.started().http)}`;
  }

  /** undefined when openssl is missing or HTTPS was turned off. */
  get httpsUrl(): string | undefined {
    const https = this.started().https;
    return https && `https://${HOST}:${portOf(https.server)}`;
  }

  /** The self-signed cert's PEM file, to trust it (`ca`, NODE_EXTRA_CA_CERTS). */
  get caPath(): string | undefined {
    return this.started().https?.cert.certPath;
  }

  /** The cert's notAfter, epoch seconds. */
  get certNotAfter(): number | undefined {
    return this.started().https?.cert.notAfter;
  }

  get tcpPort(): number {
    return this.started().tcp.port;
  }

  get dnsAddress(): string {
    return this.started().dns.address;
  }

  get dnsPort(): number {
    return this.started().dns.port;
  }

  /** Names the DNS server was asked, lowercased, oldest first. */
  dnsQueries(): string[] {
    return [...this.started().dns.queries];
  }

  /** From now on requests under `/<name>/` answer so; unset fields take the default. Throws on bad input. */
  setTarget(name: string, behaviour: TargetBehaviourInput): TargetBehaviour {
    return this.book.set(name, behaviour);
  }

  /** That target back to the default behaviour, its count zeroed. */
  resetTarget(name: string): void {
    this.book.reset(name);
  }

  /** Every target back to the default behaviour, every count zeroed. */
  resetTargets(): void {
    this.book.resetAll();
  }

  /** HTTP(S) requests received for the target (dropped ones included) since start or its reset. */
  requests(name: string): number {
    return this.book.requests(name);
  }

  /** See TcpDownMode; `refuse` (the default) closes the listener, reopened on the same port when up. */
  async setTcpDown(down: boolean, mode: TcpDownMode = 'refuse'): Promise<void> {
    await this.started().tcp.setDown(down, mode);
    this.logger.info(down ? 'tcp target down' : 'tcp target up', {
      event: 'probe-target-standin.tcp',
      down,
      mode,
    });
  }

  /** Changes the zone live; `undefined` removes the name (NXDOMAIN). */
  setDnsRecord(name: string, record: ZoneRecord | undefined): void {
    this.started().dns.setRecord(name, record);
    this.logger.info('dns record set', { event: 'probe-target-standin.dns', name, record });
  }

  private started(): Running {
    if (this.running === undefined) throw new Error('ProbeTargetStandin is not started');
    return this.running;
  }

  private async startHttps(handler: RequestListener): Promise<Running['https']> {
    if (this.options.https === false) return undefined;
    const cert = generateSelfSignedCert(this.options.certDays ?? 30);
    if (cert === undefined) {
      this.logger.warn('openssl not found: the probe target stand-in serves no HTTPS', {
        event: 'probe-target-standin.no-https',
      });
      return undefined;
    }
    const server = tunedForLoad(createHttpsServer({ key: cert.key, cert: cert.cert }, handler));
    try {
      await listen(server, this.options.httpsPort ?? 0);
    } catch (error) {
      cert.remove();
      throw error;
    }
    return { server, cert };
  }
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  return address.port;
}

async function stopAll(running: Partial<Running>): Promise<void> {
  const closing = [
    running.http && close(running.http),
    running.https && close(running.https.server),
    running.tcp?.stop(),
    running.dns?.close(),
  ];
  // After the sockets are gone, so the released answers find nothing to write to.
  running.timers?.cancelAll();
  await Promise.all(closing);
  running.https?.cert.remove();
}
