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
import { createLogger, type Logger } from '../../shared/kernel/log/logger';
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

interface StoredVersion {
  value: string;
  /** A disabled version answers FAILED_PRECONDITION, as Secret Manager does. */
  enabled: boolean;
}

/** A secret and its versions, oldest first (version n is versions[n - 1]); a new secret has none. */
type StoredSecret = StoredVersion[];

const accessRequestSchema = z.object({ name: z.string() });
const createRequestSchema = z.object({ parent: z.string(), secretId: z.string() });
const addVersionRequestSchema = z.object({
  parent: z.string(),
  payload: z.object({ data: z.instanceof(Uint8Array) }).nullish(),
});
const projectNamePattern = /^projects\/([^/]+)$/;
const secretNamePattern = /^projects\/([^/]+)\/secrets\/([^/]+)$/;
const versionNamePattern = /^projects\/([^/]+)\/secrets\/([^/]+)\/versions\/([^/]+)$/;
/** Secret Manager's rule for secret ids. */
const secretIdPattern = /^[A-Za-z0-9_-]{1,255}$/;

type UnaryHandler = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => void;

/**
 * Secret Manager for tests and local runs: AccessSecretVersion, CreateSecret and AddSecretVersion (every
 * other method answers UNIMPLEMENTED), over plaintext gRPC, so the real @google-cloud/secret-manager client
 * can be pointed at it with clientOptions().
 */
export class LocalSecretManager {
  private readonly secrets = new Map<string, StoredSecret>();
  private readonly logger: Logger;
  private grpc: Server | undefined;
  private boundPort = 0;
  private accesses = 0;
  private writes = 0;

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

  /** CreateSecret and AddSecretVersion calls answered so far, done or refused. */
  get writeCount(): number {
    return this.writes;
  }

  /** Adds a new, enabled version (creating the secret); resolves the version number. */
  setSecret(name: string, value: string): number {
    const versions = this.secrets.get(name) ?? [];
    versions.push({ value, enabled: true });
    this.secrets.set(name, versions);
    return versions.length;
  }

  /** The value of the latest version, for tests to check what a writer stored. */
  latestValue(name: string): string | undefined {
    return this.secrets.get(name)?.at(-1)?.value;
  }

  /** How many versions the secret has (0: created without any, or missing). */
  versionCount(name: string): number {
    return this.secrets.get(name)?.length ?? 0;
  }

  disableLatestVersion(name: string): void {
    const latest = this.secrets.get(name)?.at(-1);
    if (latest) latest.enabled = false;
  }

  deleteSecret(name: string): void {
    this.secrets.delete(name);
  }

  async start(): Promise<number> {
    if (this.grpc !== undefined) throw new Error('local Secret Manager already started');
    const server = new Server();
    const handle =
      (answer: (request: unknown) => Answer): UnaryHandler =>
      (call, callback) => {
        const result = answer(call.request);
        if ('code' in result) callback(result);
        else callback(null, result.response);
      };
    const implementation: UntypedServiceImplementation = {
      AccessSecretVersion: handle((request) => this.access(request)),
      CreateSecret: handle((request) => this.create(request)),
      AddSecretVersion: handle((request) => this.addVersion(request)),
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

  private access(request: unknown): Answer {
    this.accesses += 1;
    const name = accessRequestSchema.safeParse(request).data?.name ?? '';
    const match = versionNamePattern.exec(name);
    if (match === null)
      return { code: status.INVALID_ARGUMENT, details: `invalid secret version name ${name}` };
    const [, project, secretName = '', version = ''] = match;
    const versions = project === this.options.projectId ? (this.secrets.get(secretName) ?? []) : [];
    const number = version === 'latest' ? versions.length : Number(version);
    const found = versions[number - 1];
    if (found === undefined) {
      return { code: status.NOT_FOUND, details: `Secret [${name}] not found or has no versions.` };
    }
    if (!found.enabled) return { code: status.FAILED_PRECONDITION, details: `${name} is in DISABLED state.` };
    const versionName = `projects/${project}/secrets/${secretName}/versions/${number}`;
    return { response: { name: versionName, payload: { data: Buffer.from(found.value, 'utf8') } } };
  }

  private create(request: unknown): Answer {
    this.writes += 1;
    const parsed = createRequestSchema.safeParse(request);
    const project = projectNamePattern.exec(parsed.data?.parent ?? '')?.[1];
    const secretId = parsed.data?.secretId ?? '';
    if (project !== this.options.projectId || !secretIdPattern.test(secretId)) {
      return { code: status.INVALID_ARGUMENT, details: 'invalid parent or secret id' };
    }
    const name = `projects/${project}/secrets/${secretId}`;
    if (this.secrets.has(secretId))
      return { code: status.ALREADY_EXISTS, details: `Secret [${name}] already exists.` };
    this.secrets.set(secretId, []);
    return { response: { name, replication: { automatic: {} } } };
  }

  private addVersion(request: unknown): Answer {
    this.writes += 1;
    const parsed = addVersionRequestSchema.safeParse(request);
    const match = secretNamePattern.exec(parsed.data?.parent ?? '');
    const [, project, secretName = ''] = match ?? [];
    const data = parsed.data?.payload?.data;
    if (project !== this.options.projectId || data === undefined) {
      return { code: status.INVALID_ARGUMENT, details: 'invalid parent or payload' };
    }
    if (!this.secrets.has(secretName)) {
      return { code: status.NOT_FOUND, details: `Secret [${parsed.data?.parent}] not found.` };
    }
    const number = this.setSecret(secretName, Buffer.from(data).toString('utf8'));
    return {
      response: { name: `projects/${project}/secrets/${secretName}/versions/${number}`, state: 'ENABLED' },
    };
  }
}

/** A unary call's outcome: a gRPC error, or the response message. */
type Answer = { code: status; details: string } | { response: unknown };
