import {
  credentials,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type sendUnaryData,
  status,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { z } from 'zod';
import { createLogger, type Logger } from '../../shared/log/logger';
import { loadSecretManagerService } from './secret-manager-proto';

export interface LocalSecretManagerOptions {
  projectId: string;
  /** 0 = a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Secret name -> value, each one enabled version. */
  secrets?: Record<string, string>;
  logger?: Logger;
}

interface StoredSecret {
  value: string;
  /** A disabled latest version answers FAILED_PRECONDITION, as Secret Manager does. */
  enabled: boolean;
  version: number;
}

const accessRequestSchema = z.object({ name: z.string() });
const versionNamePattern = /^projects\/([^/]+)\/secrets\/([^/]+)\/versions\/([^/]+)$/;

/**
 * Secret Manager for tests and local runs: only AccessSecretVersion (every other method answers
 * UNIMPLEMENTED), over plaintext gRPC, so the real @google-cloud/secret-manager client can be pointed at it
 * with clientOptions().
 */
export class LocalSecretManager {
  private readonly secrets = new Map<string, StoredSecret>();
  private readonly logger: Logger;
  private grpc: Server | undefined;
  private boundPort = 0;
  private accesses = 0;

  constructor(private readonly options: LocalSecretManagerOptions) {
    this.logger = options.logger ?? createLogger({ component: 'local-secret-manager' });
    for (const [name, value] of Object.entries(options.secrets ?? {})) this.setSecret(name, value);
  }

  get port(): number {
    return this.boundPort;
  }

  /**
   * Options for SecretManagerServiceClient: this server, no TLS. The explicit universe domain keeps
   * google-gax from looking for application default credentials (a metadata-server probe) on first call.
   */
  clientOptions() {
    const host = this.options.host ?? '127.0.0.1';
    return {
      apiEndpoint: host,
      port: this.port,
      sslCreds: credentials.createInsecure(),
      universeDomain: 'googleapis.com',
    };
  }

  /** AccessSecretVersion calls answered so far, found or not. */
  get accessCount(): number {
    return this.accesses;
  }

  /** Adds a new, enabled version. */
  setSecret(name: string, value: string): void {
    const version = (this.secrets.get(name)?.version ?? 0) + 1;
    this.secrets.set(name, { value, enabled: true, version });
  }

  disableLatestVersion(name: string): void {
    const secret = this.secrets.get(name);
    if (secret) secret.enabled = false;
  }

  deleteSecret(name: string): void {
    this.secrets.delete(name);
  }

  async start(): Promise<number> {
    if (this.grpc !== undefined) throw new Error('local Secret Manager already started');
    const server = new Server();
    const implementation: UntypedServiceImplementation = {
      AccessSecretVersion: (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) =>
        this.access(call.request, callback),
    };
    server.addService(loadSecretManagerService(), implementation);
    const host = this.options.host ?? '127.0.0.1';
    this.boundPort = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${host}:${this.options.port}`, ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      );
    });
    this.grpc = server;
    this.logger.info('local Secret Manager listening', { host, port: this.boundPort });
    return this.boundPort;
  }

  async stop(): Promise<void> {
    const server = this.grpc;
    this.grpc = undefined;
    if (server === undefined) return;
    // Tests end abruptly; nothing here is worth waiting for.
    server.forceShutdown();
  }

  private access(request: unknown, callback: sendUnaryData<unknown>): void {
    this.accesses += 1;
    const name = accessRequestSchema.safeParse(request).data?.name ?? '';
    const match = versionNamePattern.exec(name);
    if (match === null) {
      callback({ code: status.INVALID_ARGUMENT, details: `invalid secret version name ${name}` });
      return;
    }
    const [, project, secretName = '', version] = match;
    const secret = project === this.options.projectId ? this.secrets.get(secretName) : undefined;
    if (secret === undefined || (version !== 'latest' && version !== String(secret.version))) {
      callback({ code: status.NOT_FOUND, details: `Secret [${name}] not found or has no versions.` });
      return;
    }
    if (!secret.enabled) {
      callback({ code: status.FAILED_PRECONDITION, details: `${name} is in DISABLED state.` });
      return;
    }
    const versionName = `projects/${project}/secrets/${secretName}/versions/${secret.version}`;
    callback(null, { name: versionName, payload: { data: Buffer.from(secret.value, 'utf8') } });
  }
}
